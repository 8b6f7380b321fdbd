/* The time-zone select and every page that shows a zone (issue 21, row 20). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { accountSettingsBody, createCustomerOf, createMember, createReseller } from '../helpers/factories';
import { timeZoneLabel } from '../../src/domain/time-zones';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
const optionsOf = (html: string) =>
  [...html.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1],
    selected: Boolean(m[2]),
    text: m[3],
  }));
const timeZoneSelect = (html: string) => /<select id="field-timezone"[\s\S]*?<\/select>/.exec(html)![0];

async function partnerAndCustomer() {
  const r = await createReseller(t.db, { name: 'Acme Telecom' });
  const accountId = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  return { r, accountId, owner, partner: await signIn(t.app, r.partner.email) };
}

describe('the time-zone select', () => {
  it('offers canonical zones only, grouped by region, each with its name in the language and its UTC offset', async () => {
    const a = await partnerAndCustomer();
    const select = timeZoneSelect((await a.partner.get(`/manager/accounts/${a.accountId}/edit`)).text);
    expect(select).toContain('<optgroup label="América">');
    expect(select).toContain('<optgroup label="Europa">');
    const options = optionsOf(select);
    const values = options.map((o) => o.value);
    for (const alias of ['Africa/Asmera', 'America/Buenos_Aires', 'Asia/Calcutta', 'Europe/Kiev'])
      expect(values).not.toContain(alias);
    for (const zone of ['Africa/Asmara', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Europe/Kyiv'])
      expect(values).toContain(zone);
    expect(new Set(values).size).toBe(values.length);
    expect(options.every((o) => /\(UTC([+-]\d\d:\d\d)?\)$/.test(o.text))).toBe(true);
    expect(options.find((o) => o.value === 'America/Argentina/Buenos_Aires')!.text).toBe(
      'Buenos Aires, Argentina — hora estándar de Argentina (UTC-03:00)',
    );
    expect(options.find((o) => o.value === 'America/Mexico_City')!.text).toMatch(
      /^Mexico City — hora .+ \(UTC-06:00\)$/,
    );

    await t.db('users').where({ id: a.r.partner.id }).update({ locale: 'en' });
    const english = timeZoneSelect((await a.partner.get(`/manager/accounts/${a.accountId}/edit`)).text);
    expect(english).toContain('<optgroup label="America">');
    expect(optionsOf(english).find((o) => o.value === 'America/Argentina/Buenos_Aires')!.text).toBe(
      'Buenos Aires, Argentina — Argentina Standard Time (UTC-03:00)',
    );
  });

  it('shows a stored alias selected as its canonical zone, saves it, and labels it the same on every page', async () => {
    const a = await partnerAndCustomer();
    await t.db('accounts').where({ id: a.accountId }).update({ time_zone: 'America/Buenos_Aires' });
    const label = timeZoneLabel('es', 'America/Argentina/Buenos_Aires');
    expect(timeZoneLabel('es', 'America/Buenos_Aires')).toBe(label);

    const edit = await a.partner.get(`/manager/accounts/${a.accountId}/edit`);
    const selected = optionsOf(timeZoneSelect(edit.text)).filter((o) => o.selected);
    expect(selected).toEqual([{ value: 'America/Argentina/Buenos_Aires', selected: true, text: escapeHtml(label) }]);
    expect(textOf((await a.partner.get(`/manager/accounts/${a.accountId}`)).text)).toContain(label);
    const ownerAgent = await signIn(t.app, a.owner.email);
    expect(textOf((await ownerAgent.get('/account')).text)).toContain(label);

    // Saved as shown: the canonical name, and not a change of zone in the activity.
    const body = accountSettingsBody({ name: 'ABC Company', timezone: 'America/Argentina/Buenos_Aires' });
    const saved = await submitForm(
      a.partner,
      `/manager/accounts/${a.accountId}/edit`,
      `/manager/accounts/${a.accountId}/edit`,
      {
        ...body,
        name: 'ABC Company SA',
      },
    );
    expect(saved.status).toBe(303);
    expect((await t.db('accounts').where({ id: a.accountId }).first()).time_zone).toBe(
      'America/Argentina/Buenos_Aires',
    );
    const event = await t.db('audit_events').where({ account_id: a.accountId, action: 'account.updated' }).first();
    expect(event.metadata.changed).not.toContain('time_zone');
    expect(textOf((await ownerAgent.get('/account')).text)).toContain(label);
  });
});
