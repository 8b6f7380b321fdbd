/* The billing feed's transactions commit without waiting for the WAL flush unless the operator says otherwise, and so does an Idempotency-Key's claim (issue 19). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createCustomerOf, createReseller } from '../helpers/factories';

/** The rows each write starts with: the feed's three, and a payment on the ledger (not the feed). */
const PROBED_TABLES = ['account_numbers', 'services', 'invoices', 'credit_entries'];

/**
 * Records, inside each transaction that writes a row of these tables, the transaction's own
 * synchronous_commit (what SHOW synchronous_commit answers there).
 */
async function probeCommits(t: TestApp): Promise<void> {
  await t.db.raw(`
    CREATE TABLE commit_probe (id serial, table_name text, setting text);
    CREATE FUNCTION probe_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO commit_probe (table_name, setting) VALUES (TG_TABLE_NAME, current_setting('synchronous_commit'));
      RETURN NULL;
    END $$;
    ${PROBED_TABLES.map((table) => `CREATE TRIGGER probe_commit AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION probe_commit();`).join('\n')}
  `);
}

/** The database's default durability (on) for the connections opened from now on (the tests' server has it off). */
async function durableDatabase(t: TestApp): Promise<void> {
  const { rows: current } = await t.db.raw<{ rows: { name: string }[] }>('SELECT current_database() AS name');
  await t.db.raw(`ALTER DATABASE "${current[0].name}" SET synchronous_commit = on`);
  await t.db.destroy();
  t.db.initialize();
}

/** A customer fed its number, a service and an invoice by its reseller's billing system, then paid; what each write's transaction had set. */
async function feed(t: TestApp): Promise<string[]> {
  // The tests' server commits without waiting everywhere (it has no durability to keep).
  await durableDatabase(t);
  const doc = await publishedDocument(t.app);
  const r = await createReseller(t.db);
  const customer = await createCustomerOf(t.db, r.resellerId);
  const { token } = await createApiToken(t.db, r.resellerId, { name: 'Facturación', createdBy: r.partner.id });
  const api = apiClient(t.app, doc, token);
  await probeCommits(t);
  const base = `/api/v1/accounts/${customer}`;
  await api.put(`${base}/account-numbers/100200300`, 201, { label: 'Matriz', status: 'active' });
  await api.put(`${base}/services/SRV-1`, 201, {
    account_number: '100200300',
    name: 'Troncal SIP',
    kind: 'telephony',
    status: 'pending',
    price: '1499.00',
    currency: 'MXN',
    next_due_date: null,
  });
  await api.put(`${base}/invoices/FAC-0001`, 201, {
    account_number: '100200300',
    issued_on: '2026-12-01',
    due_on: '2026-12-15',
    currency: 'MXN',
    status: 'paid',
    items: [{ description: 'Troncal SIP', quantity: 1, unit_price: '1499.00' }],
    total: '1499.00',
  });
  await api.post(`${base}/ledger`, 201, { direction: 'add', amount: '10.00', note: 'Pago', reference: 'PAY-1' });
  const rows: { table_name: string; setting: string }[] = await t.db('commit_probe').orderBy('id').select();
  return rows.map((row) => `${row.table_name}: ${row.setting}`);
}

describe('the billing feed’s commits', () => {
  it('do not wait for the WAL flush by default; other writes do', async () => {
    const t = await buildTestApp();
    try {
      // A payment on the ledger is not the feed: it keeps the server's durability.
      expect(await feed(t)).toEqual(['account_numbers: off', 'services: off', 'invoices: off', 'credit_entries: on']);
    } finally {
      await t.close();
    }
  });

  it('wait for it like every other write with BILLING_FEED_ASYNC_COMMIT=false', async () => {
    const t = await buildTestApp({ env: { BILLING_FEED_ASYNC_COMMIT: 'false' } });
    try {
      expect(await feed(t)).toEqual(['account_numbers: on', 'services: on', 'invoices: on', 'credit_entries: on']);
    } finally {
      await t.close();
    }
  });

  it('the Idempotency-Key’s claim does not wait for it; the account and its stored answer do, together', async () => {
    const t = await buildTestApp();
    try {
      await durableDatabase(t);
      const doc = await publishedDocument(t.app);
      const r = await createReseller(t.db);
      const { token } = await createApiToken(t.db, r.resellerId, { name: 'Altas', createdBy: r.partner.id });
      await t.db.raw(`
        CREATE TABLE commit_probe (id serial, what text, setting text, xid xid8);
        CREATE FUNCTION probe_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO commit_probe (what, setting, xid)
          VALUES (TG_TABLE_NAME || ' ' || lower(TG_OP), current_setting('synchronous_commit'), pg_current_xact_id());
          RETURN NULL;
        END $$;
        CREATE TRIGGER probe_commit AFTER INSERT OR UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION probe_commit();
        CREATE TRIGGER probe_commit AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION probe_commit();
      `);
      await apiClient(t.app, doc, token).post(
        '/api/v1/accounts',
        201,
        { name: 'Cliente', timezone: 'America/Mexico_City', locale: 'es', support_contacts: [{ email: 'noc@c.test' }] },
        { 'Idempotency-Key': 'alta-1' },
      );
      const rows: { what: string; setting: string; xid: string }[] = await t.db('commit_probe').orderBy('id').select();
      expect(rows.map((row) => `${row.what}: ${row.setting}`)).toEqual([
        'idempotency_keys insert: off',
        'accounts insert: on',
        'idempotency_keys update: on',
      ]);
      // The answer is written in the account's own transaction.
      expect(rows[2].xid).toBe(rows[1].xid);
      expect(rows[0].xid).not.toBe(rows[1].xid);
    } finally {
      await t.close();
    }
  });
});
