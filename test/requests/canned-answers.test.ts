import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createContactRow, createMember, createTicketRow } from '../helpers/factories';

/**
 * Issue 23, item 4: platform admins keep «Respuestas predefinidas» (title, text in Spanish and in
 * English); in a ticket's reply form an agent picks one and «Insertar» shows the form again with the
 * text in the box — no script —, in the ticket's language, {{nombre}} and {{ticket}} filled in.
 */
let t: TestApp;
let admin: Agent;
let agent: Agent;
let platform: number;
beforeAll(async () => {
  t = await buildTestApp();
  platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  admin = await signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
  agent = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
});
afterAll(() => t.close());

const answer = {
  title: 'Reiniciar el equipo',
  body_es: 'Hola, {{nombre}}: reinicia el equipo y dinos si el ticket {{ticket}} sigue igual.',
  body_en: 'Hi {{nombre}}, please restart the phone and tell us whether ticket {{ticket}} is still the same.',
};

async function createAnswer(values = answer) {
  return submitForm(admin, '/staff/canned-answers/new', '/staff/canned-answers/new', values);
}

describe('managing canned answers', () => {
  it('lets a platform admin add, edit and delete one, each audited', async () => {
    expect((await admin.get('/staff')).text).toContain('href="/staff/canned-answers"');
    expect((await agent.get('/staff')).text).not.toContain('href="/staff/canned-answers"');
    expect(textOf((await admin.get('/staff/canned-answers/new')).text)).toContain('{{nombre}} se cambia por el nombre');
    const created = await createAnswer();
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/staff/canned-answers');
    const list = await admin.get('/staff/canned-answers');
    expect(textOf(list.text)).toContain('Respuestas predefinidas');
    expect(textOf(list.text)).toContain('Se guardó la respuesta predefinida.');
    expect(textOf(list.text)).toContain('Reiniciar el equipo');
    const row = await t.db('canned_answers').where({ title: 'Reiniciar el equipo' }).first();

    const edited = await submitForm(
      admin,
      `/staff/canned-answers/${row.id}/edit`,
      `/staff/canned-answers/${row.id}/edit`,
      {
        ...answer,
        title: 'Reiniciar el teléfono',
      },
    );
    expect(edited.status).toBe(303);
    expect((await t.db('canned_answers').where({ id: row.id }).first()).title).toBe('Reiniciar el teléfono');

    const deleted = await submitForm(admin, '/staff/canned-answers', `/staff/canned-answers/${row.id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await t.db('canned_answers').where({ id: row.id }).first()).toBeUndefined();
    const actions = await t
      .db('audit_events')
      .where({ target_type: 'canned_answer', target_id: row.id })
      .pluck('action');
    expect(actions.sort()).toEqual(['canned_answer.created', 'canned_answer.deleted', 'canned_answer.updated']);
  });

  it('keeps what was typed on a 422, and creates once on a double submission', async () => {
    const invalid = await submitForm(admin, '/staff/canned-answers/new', '/staff/canned-answers/new', {
      title: 'Sin textos',
      body_es: '',
      body_en: '',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('value="Sin textos"');
    expect(textOf(invalid.text)).toContain('Escribe el texto en español.');

    const page = await admin.get('/staff/canned-answers/new');
    const key = /name="_form_key" value="([^"]+)"/.exec(page.text)![1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const body = { ...answer, title: 'Dos veces', _form_key: key, _csrf: csrf };
    expect((await admin.post('/staff/canned-answers/new').type('form').send(body)).status).toBe(303);
    expect((await admin.post('/staff/canned-answers/new').type('form').send(body)).status).toBe(303);
    expect(await t.db('canned_answers').where({ title: 'Dos veces' }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('is for platform admins only: agents and customers get 403', async () => {
    expect((await agent.get('/staff/canned-answers')).status).toBe(403);
    expect((await agent.get('/staff/canned-answers/new')).status).toBe(403);
    const owner = await signIn(t.app, (await createMember(t.db, { role: 'owner' })).email);
    expect((await owner.get('/staff/canned-answers')).status).toBe(403);
    expect((await admin.get('/staff/canned-answers/99999999/edit')).status).toBe(404);
  });
});

describe('inserting one in a reply', () => {
  it('re-renders the reply form with the text in the ticket’s language, {{nombre}} and {{ticket}} filled in', async () => {
    await createAnswer({ ...answer, title: 'Para insertar' });
    const id = (await t.db('canned_answers').where({ title: 'Para insertar' }).first()).id as number;
    const accountId = await createAccount(t.db, { name: 'Insertos SA' });
    const contact = await createContactRow(t.db, accountId, { firstName: 'Ana', lastName: 'López' });
    const tk = await createTicketRow(t.db, { accountId, requesterEmail: contact.email, subject: 'Sin tono' });

    const page = await agent.get(`/staff/tickets/${tk.number}`);
    expect(page.text).toMatch(/<label for="field-canned">Respuesta predefinida<\/label>/);
    expect(page.text).toContain(`<option value="${id}">Para insertar</option>`);

    const inserted = await submitForm(agent, `/staff/tickets/${tk.number}`, `/staff/tickets/${tk.number}/insert`, {
      canned: String(id),
      message: 'Gracias por escribir.',
    });
    expect(inserted.status).toBe(200);
    const box = /<textarea[^>]*name="message"[^>]*>([\s\S]*?)<\/textarea>/.exec(inserted.text)![1];
    expect(box).toContain('Gracias por escribir.');
    expect(box).toContain(`Hola, Ana: reinicia el equipo y dinos si el ticket #${tk.number} sigue igual.`);
    // Nothing was sent: inserting only fills the box.
    expect(await t.db('ticket_messages').where({ ticket_id: tk.id }).count('* as n').first()).toEqual({ n: 1 });

    // A requester who reads English gets the English text.
    const user = await createMember(t.db, { role: 'owner', accountId: await createAccount(t.db) });
    await t.db('users').where({ id: user.id }).update({ locale: 'en' });
    const english = await createTicketRow(t.db, { accountId: user.accountId, requesterEmail: user.email });
    const en = await submitForm(agent, `/staff/tickets/${english.number}`, `/staff/tickets/${english.number}/insert`, {
      canned: String(id),
      message: '',
    });
    expect(en.text).toContain(
      `please restart the phone and tell us whether ticket #${english.number} is still the same.`,
    );
  });

  it('answers 422 for an unknown answer, keeping the message', async () => {
    const accountId = await createAccount(t.db);
    const tk = await createTicketRow(t.db, { accountId, requesterEmail: 'x@insert.test' });
    const bad = await submitForm(agent, `/staff/tickets/${tk.number}`, `/staff/tickets/${tk.number}/insert`, {
      canned: '99999999',
      message: 'Lo que ya había',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Lo que ya había');
    expect(textOf(bad.text)).toContain('Elige una respuesta predefinida.');
  });
});
