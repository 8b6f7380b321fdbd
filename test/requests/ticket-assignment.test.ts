import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createMember, createTicketRow } from '../helpers/factories';

/**
 * Issue 23, item 2: «Asignarme», assigning to another agent, the queue's «Mis tickets», «Sin
 * asignar» and «Todos», the assignee e-mailed when someone else assigns them, and every change in
 * the ticket's history and the activity log.
 */
let t: TestApp;
let sofia: { id: number; email: string };
let juan: { id: number; email: string };
let sofiaAgent: Agent;
let juanAgent: Agent;
let platform: number;
beforeAll(async () => {
  t = await buildTestApp();
  platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  sofia = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Sofía' });
  juan = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Juan' });
  await t.db('users').where({ id: juan.id }).update({ locale: 'en' });
  sofiaAgent = await signIn(t.app, sofia.email);
  juanAgent = await signIn(t.app, juan.email);
});
afterAll(() => t.close());

let n = 0;
async function ticket(subject = `Asignación ${++n}`) {
  const accountId = await createAccount(t.db, { name: `Cliente asignación ${n}` });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const row = await createTicketRow(t.db, { accountId, requesterEmail: owner.email, subject });
  return { ...row, accountId, owner };
}

const assign = (agent: Agent, number: string, assignee: string) =>
  submitForm(agent, `/staff/tickets/${number}`, `/staff/tickets/${number}/assignment`, { assignee });

it('lets an agent take a ticket with «Asignarme», in the history and the activity log, without mailing them', async () => {
  const tk = await ticket();
  const page = await sofiaAgent.get(`/staff/tickets/${tk.number}`);
  expect(textOf(page.text)).toContain('Sin asignar');
  expect(page.text).toContain('Asignarme');

  const taken = await assign(sofiaAgent, tk.number, String(sofia.id));
  expect(taken.status).toBe(303);
  expect(taken.headers.location).toBe(`/staff/tickets/${tk.number}`);
  expect((await t.db('tickets').where({ id: tk.id }).first()).assigned_user_id).toBe(sofia.id);

  const after = await sofiaAgent.get(taken.headers.location);
  expect(textOf(after.text)).toContain('Te asignaste el ticket.');
  const history = textOf(after.text.slice(after.text.indexOf('id="history-title"')));
  expect(history).toContain('Sofía');
  expect(history).toContain('asignó el ticket a Sofía');

  const event = await t.db('audit_events').where({ action: 'staff.ticket_assigned', target_id: tk.id }).first();
  expect(event).toMatchObject({ account_id: tk.accountId, actor_user_id: sofia.id, target_type: 'ticket' });
  expect(
    await t
      .db('mail_outbox')
      .where({ template: 'ticket_assigned' })
      .whereRaw('? = ANY(to_addresses)', [sofia.email])
      .first(),
  ).toBeUndefined();
});

it('assigns to another agent from a select of agents, who is e-mailed in their language', async () => {
  const tk = await ticket('Fax sin línea');
  const page = await sofiaAgent.get(`/staff/tickets/${tk.number}`);
  expect(page.text).toMatch(new RegExp(`<option value="${juan.id}"[^>]*>Juan `));

  expect((await assign(sofiaAgent, tk.number, String(juan.id))).status).toBe(303);
  const mail = await t
    .db('mail_outbox')
    .where({ template: 'ticket_assigned' })
    .whereRaw('? = ANY(to_addresses)', [juan.email])
    .orderBy('id', 'desc')
    .first();
  expect(mail.subject).toBe(`[#${tk.number}] Fax sin línea`);
  expect(mail.text_body).toContain('assigned you ticket');
  expect(mail.text_body).toContain(`/staff/tickets/${tk.number}`);
  // An internal message: not in the customer's «Correos enviados».
  expect(mail.account_id).toBeNull();

  const history = await juanAgent.get(`/staff/tickets/${tk.number}`);
  expect(textOf(history.text)).toContain('assigned the ticket to Juan');

  // Unassigning is a change too; nobody is mailed.
  const before = await t.db('mail_outbox').count('* as n').first();
  expect((await assign(juanAgent, tk.number, '')).status).toBe(303);
  expect((await t.db('tickets').where({ id: tk.id }).first()).assigned_user_id).toBeNull();
  expect(await t.db('mail_outbox').count('* as n').first()).toEqual(before);
  expect(textOf((await juanAgent.get(`/staff/tickets/${tk.number}`)).text)).toContain('unassigned the ticket');
});

it('refuses an assignee who is not an agent (422), and customers (403)', async () => {
  const tk = await ticket();
  const refused = await assign(sofiaAgent, tk.number, String(tk.owner.id));
  expect(refused.status).toBe(422);
  expect(textOf(refused.text)).toContain('Elige un agente de la mesa de ayuda.');
  expect((await t.db('tickets').where({ id: tk.id }).first()).assigned_user_id).toBeNull();
  const customer = await signIn(t.app, tk.owner.email);
  const forbidden = await submitForm(customer, '/tickets', `/staff/tickets/${tk.number}/assignment`, {
    assignee: String(tk.owner.id),
  });
  expect(forbidden.status).toBe(403);
  expect((await assign(sofiaAgent, '999999999', String(sofia.id))).status).toBe(404);
});

it('has queue tabs «Mis tickets», «Sin asignar» and «Todos», as links', async () => {
  const mine = await ticket('Mío de Sofía');
  const theirs = await ticket('De Juan');
  const nobody = await ticket('De nadie');
  await assign(sofiaAgent, mine.number, String(sofia.id));
  await assign(sofiaAgent, theirs.number, String(juan.id));

  const all = await sofiaAgent.get('/staff');
  expect(all.text).toMatch(/<a [^>]*href="\/staff\?view=mine"[^>]*>Mis tickets<\/a>/);
  expect(all.text).toMatch(/<a [^>]*href="\/staff\?view=unassigned"[^>]*>Sin asignar<\/a>/);
  expect(all.text).toMatch(/<a [^>]*aria-current="page"[^>]*>Todos<\/a>/);
  for (const tk of [mine, theirs, nobody]) expect(textOf(all.text)).toContain(`#${tk.number}`);

  const mineView = textOf((await sofiaAgent.get('/staff?view=mine')).text);
  expect(mineView).toContain(`#${mine.number}`);
  expect(mineView).not.toContain(`#${theirs.number}`);
  expect(mineView).not.toContain(`#${nobody.number}`);

  const unassigned = textOf((await sofiaAgent.get('/staff?view=unassigned')).text);
  expect(unassigned).toContain(`#${nobody.number}`);
  expect(unassigned).not.toContain(`#${mine.number}`);
  expect(unassigned).not.toContain(`#${theirs.number}`);

  // The assignee shows in the queue.
  expect(textOf(all.text)).toContain('Juan');
});
