import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, textOf, type Agent } from '../helpers/agent';
import { createAccount, createMember } from '../helpers/factories';

/**
 * Held mail: the queue shows the oldest few and how many wait; /staff/requests shows every one,
 * a page at a time. Before, the queue listed the 50 oldest, counted at most 50, and anything
 * newer could not be reached until older ones were dealt with.
 */
let t: TestApp;
let staffAgent: Agent;
let ownerAgent: Agent;

/** Held mail from unknown senders, received a minute apart: «Solicitud 01» is the oldest. */
async function holdMail(count: number) {
  await t.db('inbound_messages').insert(
    Array.from({ length: count }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return {
        message_id: `<held-${n}@fuera.test>`,
        from_email: `remitente${n}@fuera.test`,
        from_name: `Remitente ${n}`,
        subject: `Solicitud ${n}`,
        body: 'Quiero cambiar mi plan.',
        status: 'held',
        hold_reason: 'unknown_sender',
        received_at: new Date(Date.UTC(2026, 11, 1, 9, i)),
      };
    }),
  );
}

beforeAll(async () => {
  t = await buildTestApp();
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  const agent = await createMember(t.db, { role: 'member', accountId: platform });
  staffAgent = await signIn(t.app, agent.email);
  const customer = await createAccount(t.db, { name: 'Cliente' });
  ownerAgent = await signIn(t.app, (await createMember(t.db, { role: 'owner', accountId: customer })).email);
  await holdMail(27);
  // One that was dealt with already: counted nowhere.
  await t.db('inbound_messages').where({ subject: 'Solicitud 03' }).update({ status: 'rejected' });
});
afterAll(() => t.close());

test('the queue shows the five oldest held mails, how many wait in all, and a link to every one', async () => {
  const html = (await staffAgent.get('/staff')).text;
  const queue = textOf(html);
  expect(queue).toContain('Solicitudes retenidas 26');
  for (const n of ['01', '02', '04', '05', '06']) expect(queue).toContain(`Solicitud ${n}`);
  expect(queue).not.toContain('Solicitud 03');
  expect(queue).not.toContain('Solicitud 07');
  expect(html).toContain('<a href="/staff/requests">Ver las 26 solicitudes retenidas</a>');
});

test('/staff/requests pages through every held mail, the oldest first', async () => {
  const first = await staffAgent.get('/staff/requests');
  expect(first.status).toBe(200);
  const text = textOf(first.text);
  expect(text).toContain('Solicitudes retenidas 26');
  const shown = (page: string) => [...page.matchAll(/Solicitud (\d\d)/g)].map((m) => m[1]);
  const firstPage = shown(text);
  expect(firstPage).toHaveLength(25);
  expect(firstPage[0]).toBe('01');
  expect(firstPage).not.toContain('03');
  const next = /<a href="(\/staff\/requests\?after=\d+)">/.exec(first.text)?.[1];
  expect(next).toBeDefined();
  const second = textOf((await staffAgent.get(next!)).text);
  expect(shown(second)).toEqual(['27']);
  expect(second).toContain('Anterior');
});

test('«Siguiente» still works when the mail its link starts after was dealt with meanwhile', async () => {
  const first = await staffAgent.get('/staff/requests');
  const next = /<a href="(\/staff\/requests\?after=(\d+))">/.exec(first.text)!;
  await t
    .db('inbound_messages')
    .where({ id: Number(next[2]) })
    .update({ status: 'filed' });
  expect([...textOf((await staffAgent.get(next[1])).text).matchAll(/Solicitud (\d\d)/g)].map((m) => m[1])).toEqual([
    '27',
  ]);
  await t
    .db('inbound_messages')
    .where({ id: Number(next[2]) })
    .update({ status: 'held' });
});

test('is for the helpdesk only', async () => {
  expect((await ownerAgent.get('/staff/requests')).status).toBe(403);
});

test('says so when nothing is held', async () => {
  await t.db('inbound_messages').update({ status: 'filed' });
  expect(textOf((await staffAgent.get('/staff/requests')).text)).toContain('No hay solicitudes retenidas.');
  const queue = textOf((await staffAgent.get('/staff')).text);
  expect(queue).toContain('Solicitudes retenidas 0');
  expect(queue).toContain('No hay solicitudes retenidas.');
});
