/* How a held request reads on /staff and on its page (issue 21, «Sign-up and helpdesk details»). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createAccountNumber, createMember } from '../helpers/factories';
import { fileInboundMail } from '../../src/services/inbound-filing';
import type { InboundMail } from '../../src/mail/inbound-parse';

let t: TestApp;
let staffAgent: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  const agent = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Sofía' });
  staffAgent = await signIn(t.app, agent.email);
});
afterAll(() => t.close());

let n = 0;
const mail = (from: string, fromName: string, subject: string): InboundMail => ({
  messageId: `<held-${Date.now()}-${++n}@mail.example>`,
  fromAddress: from,
  fromName,
  subject,
  text: 'Cuerpo del mensaje',
  inReplyTo: '',
  references: [],
  automatic: false,
  bounce: false,
});

it('shows a sender without a display name once, and a validated request as the ticket it became', async () => {
  const accountId = await createAccount(t.db, { name: 'Cliente Retenido' });
  await createMember(t.db, { role: 'owner', accountId });
  const number = await createAccountNumber(t.db, accountId);
  const held = (await fileInboundMail(t.deps, mail('sinnombre@cliente.test', '', 'Necesito ayuda'))) as {
    inboundId: number;
  };

  const queue = await staffAgent.get('/staff');
  expect(queue.text.split('sinnombre@cliente.test').length - 1).toBe(1);
  const page = `/staff/requests/${held.inboundId}`;
  expect((await staffAgent.get(page)).text.split('sinnombre@cliente.test').length - 1).toBe(1);

  await submitForm(staffAgent, page, `${page}/link`, { account: number });
  const contact = await t.db('contacts').where({ account_id: accountId, email: 'sinnombre@cliente.test' }).first();
  await submitForm(staffAgent, page, `/staff/contacts/${contact.id}/validate`, { note: 'Confirmado por teléfono' });
  const ticket = await t.db('tickets').where({ requester_email: 'sinnombre@cliente.test' }).first();

  const after = await staffAgent.get(page);
  const text = textOf(after.text);
  expect(text).not.toContain('Contacto no verificado');
  expect(text).not.toContain('Remitente desconocido');
  expect(text).toContain(`Se convirtió en el ticket #${ticket.number}`);
  expect(after.text).toContain(`href="/staff/tickets/${ticket.number}"`);
});
