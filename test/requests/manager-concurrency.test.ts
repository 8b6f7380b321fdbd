/*
 * The trunk pool under concurrency: twenty «Crear cuenta» from two partners at once, asking together
 * for far more trunks than the pool holds. PostgreSQL row locks decide; nothing is half-created.
 */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, textOf } from '../helpers/agent';
import { createMember, createReseller } from '../helpers/factories';
import { wizardToReview, type WizardDriver } from '../helpers/wizard';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('never allocates more than the pool, shows the losers the step with what is left, and leaves nothing half-made', async () => {
  const r = await createReseller(t.db, { pool: { inbound: 10, outbound: 10, twoway: 10 } });
  const colleague = await createMember(t.db, { role: 'admin', accountId: r.resellerId });
  const agents = [await signIn(t.app, r.partner.email), await signIn(t.app, colleague.email)];

  const wizards: { name: string; email: string; wizard: WizardDriver }[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `Carrera ${String(i).padStart(2, '0')}`;
    const email = `admin-${i}@carrera.test`;
    const wizard = await wizardToReview(agents[i % 2], {
      name,
      trunks: { inbound: 3, outbound: 1, twoway: 0 },
      credit: '10.00',
      account: {
        add_admin: '1',
        admin_first_name: 'Admin',
        admin_last_name: `Número ${i}`,
        admin_email: email,
        admin_password_mode: 'invite',
      },
    });
    wizards.push({ name, email, wizard });
  }

  const answers = await Promise.all(wizards.map((w) => w.wizard.post('review', {}, 'create')));

  const won = wizards.filter((_, i) => answers[i].response.status === 303);
  const lost = wizards.filter((_, i) => answers[i].response.status === 422);
  expect(won.length + lost.length).toBe(20);
  expect(won.map((w) => w.name)).toHaveLength(3);
  for (const [i, answer] of answers.entries()) {
    if (answer.response.status === 303) {
      expect(answer.location).toMatch(/^\/manager\/accounts\/\d+$/);
      continue;
    }
    const text = textOf(answer.response.text);
    expect(text).toContain('Restricciones de llamadas');
    expect(text).toMatch(/Solo quedan [0-2] disponibles\./);
    expect(text).toMatch(/Disponibles: [0-2] de 10\./);
    // The loser's draft is still theirs, with what they typed, to lower the figure and try again.
    expect(answer.response.text).toContain(`name="draft" value="${wizards[i].wizard.draftId}"`);
  }

  const children = await t.db('accounts').where({ parent_id: r.resellerId });
  expect(children.map((a: { name: string }) => a.name).sort()).toEqual(won.map((w) => w.name).sort());
  expect(children.reduce((n: number, a: { inbound_trunks: number }) => n + a.inbound_trunks, 0)).toBe(9);

  // Nothing of a loser exists anywhere: no login, membership, invitation, contact, entry, mail or event.
  const lostEmails = lost.map((w) => w.email);
  expect(await t.db('users').whereIn('email', lostEmails).count('* as n').first()).toEqual({ n: 0 });
  expect(await t.db('contacts').whereIn('email', lostEmails).count('* as n').first()).toEqual({ n: 0 });
  expect(await t.db('mail_outbox').whereRaw('to_addresses && ?::text[]', [lostEmails]).count('* as n').first()).toEqual(
    { n: 0 },
  );
  const ids = children.map((a: { id: number }) => a.id);
  expect(await t.db('credit_entries').whereIn('account_id', ids).count('* as n').first()).toEqual({ n: 3 });
  expect(await t.db('credit_entries').whereNotIn('account_id', ids).count('* as n').first()).toEqual({ n: 0 });
  expect(await t.db('invitations').count('* as n').first()).toEqual({ n: 3 });
  expect(await t.db('audit_events').where({ action: 'account.created' }).count('* as n').first()).toEqual({ n: 3 });
  expect(await t.db('support_contacts').whereNotIn('account_id', ids).count('* as n').first()).toEqual({ n: 0 });
  // Twenty wizards are walked step by step before the race: far more than the default 30 s on a busy machine.
}, 180_000);

it('holds every rule over the whole database afterwards: pools, ledgers, realms', async () => {
  const overPool = await t.db.raw(`
    SELECT r.id FROM accounts r JOIN accounts c ON c.parent_id = r.id AND c.status <> 'closed'
     WHERE r.kind = 'reseller'
     GROUP BY r.id
    HAVING sum(c.inbound_trunks) > max(r.pool_inbound_trunks) OR sum(c.outbound_trunks) > max(r.pool_outbound_trunks)
        OR sum(c.twoway_trunks) > max(r.pool_twoway_trunks)`);
  expect(overPool.rows).toEqual([]);
  // The balance is the sum of the entries, and it is below zero only where prepay allows it.
  const negative = await t.db.raw(`
    SELECT a.id FROM accounts a JOIN credit_entries e ON e.account_id = a.id
     WHERE NOT a.allow_prepay GROUP BY a.id HAVING sum(e.amount_cents) < 0`);
  expect(negative.rows).toEqual([]);
  const badRealm = await t.db.raw(`
    SELECT c.id FROM accounts c JOIN accounts p ON p.id = c.parent_id
     WHERE c.realm NOT LIKE '%.' || p.realm OR c.realm <> lower(c.realm)`);
  expect(badRealm.rows).toEqual([]);
});
