import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createMember } from '../helpers/factories';
import { linkInMail } from '../helpers/mail';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { createMailer } from '../../src/mail/outbox';
import { createMailTransport } from '../../src/mail/transport';

/**
 * Issue 22, item 5: "send now" against a relay that answers after 3 s, longer than a request waits
 * for it (2 s). The page says the invitation is queued (not that it failed), the late answer is
 * recorded, and the worker does not send the message a second time.
 */

let t: TestApp;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ delayMs: 3000 });
  t = await buildTestApp({ smtpUrl: sink.url, smtpTimeoutMs: 5000 });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(address: string) {
  for (let i = 0; i < 80; i++) {
    const row = await t.db('mail_outbox').whereRaw('? = any(to_addresses)', [address]).orderBy('id', 'desc').first();
    if (row && row.status !== 'sending') return row;
    await sleep(100);
  }
  return t.db('mail_outbox').whereRaw('? = any(to_addresses)', [address]).orderBy('id', 'desc').first();
}

/** The outbox worker five minutes later (past any claim on the row), on the same slow relay. */
async function workerLater() {
  const transport = createMailTransport(sink.url, 5000);
  const later = createMailer({
    db: t.db,
    transport,
    from: t.config.mailFrom,
    messageIdDomain: 'cuentas.test',
    clock: () => new Date(Date.now() + 5 * 60_000),
  });
  try {
    return await later.deliverDue();
  } finally {
    transport.close();
  }
}

const deliveredTo = (address: string) => sink.received.filter((m) => m.to.includes(address)).length;

it('Agregar usuario: says the invitation is queued, records the late delivery, and the worker never sends it again', async () => {
  const owner = await createMember(t.db, { role: 'owner' });
  const agent = await signIn(t.app, owner.email);
  const response = await submitForm(agent, '/users/new', '/users/new', {
    first_name: 'Lenta',
    last_name: 'Mente',
    email: 'lenta@example.test',
    role: 'member',
    permissions: ['tickets'],
  });
  expect(response.status).toBe(303);
  const page = textOf((await agent.get(response.headers.location)).text);
  expect(page).not.toContain('No se pudo enviar');
  expect(page).toContain('El servidor de correo todavía no confirma la invitación a lenta@example.test: queda en cola');

  const row = await settled('lenta@example.test');
  expect(row.status).toBe('sent');
  expect(row.attempts).toBe(1);
  expect(await workerLater()).toEqual({ sent: 0, retried: 0, failed: 0 });
  expect(deliveredTo('lenta@example.test')).toBe(1);
});

it('Reenviar invitación: the resend stands (its link works), is queued, and goes out once', async () => {
  const owner = await createMember(t.db, { role: 'owner' });
  const agent = await signIn(t.app, owner.email);
  const created = await submitForm(agent, '/users/new', '/users/new', {
    first_name: 'Otra',
    last_name: 'Lenta',
    email: 'otra.lenta@example.test',
    role: 'member',
    permissions: ['tickets'],
  });
  const userPage: string = created.headers.location;
  await settled('otra.lenta@example.test');

  const resend = await submitForm(agent, userPage, `${userPage}/resend-invitation`, {
    email: 'otra.bien@example.test',
  });
  expect(resend.status).toBe(303);
  const page = textOf((await agent.get(resend.headers.location)).text);
  expect(page).toContain(
    'El servidor de correo todavía no confirma la invitación a otra.bien@example.test: queda en cola',
  );

  const row = await settled('otra.bien@example.test');
  expect(row.status).toBe('sent');
  expect(deliveredTo('otra.bien@example.test')).toBe(1);
  // What the mail says is what was kept: its link opens the registration.
  expect((await newAgent(t.app).get(await linkInMail(t.db, 'invitation', 'otra.bien@example.test'))).status).toBe(200);
  expect(await workerLater()).toEqual({ sent: 0, retried: 0, failed: 0 });
  expect(deliveredTo('otra.bien@example.test')).toBe(1);
});
