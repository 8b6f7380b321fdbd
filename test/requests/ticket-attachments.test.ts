import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  limitMemberToNumbers,
} from '../helpers/factories';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';
import { ATTACHMENT_LIMITS } from '../../src/domain/attachments';

/** Issue 10 item 9: attachments kept, listed, downloadable only by who may see the ticket, never inline. */

const SUPPORT = 'ayuda@cuentas.example';
let t: TestApp;
let smtp: InboundSmtp;
beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startTestInbound(t, { maxBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function account() {
  const accountId = await createAccount(t.db);
  const [n1, n2] = [await createAccountNumber(t.db, accountId), await createAccountNumber(t.db, accountId)];
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const limited = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
  await limitMemberToNumbers(t.db, limited.membershipId, [n1]);
  return { accountId, owner, limited, n1, n2 };
}

const ticketFields = { department: 'support', priority: 'medium', subject: 'Con adjuntos', message: 'Ver archivos.' };

/** Posts the new-ticket form as a browser does with files: multipart, the page's token first. */
async function openWithFiles(
  agent: Agent,
  fields: Record<string, string>,
  files: { name: string; content: Buffer | string; type?: string }[],
  token?: string | null,
) {
  const page = await agent.get('/tickets/new');
  const request = agent.post('/tickets/new');
  if (token !== null) void request.field('_csrf', token ?? csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) void request.field(k, v);
  for (const f of files)
    void request.attach('attachments', Buffer.from(f.content), {
      filename: f.name,
      contentType: f.type ?? 'text/plain',
    });
  return request;
}

/** A download's bytes as text, whatever type it was served as. */
const contentOf = (r: { text?: string; body: unknown }) =>
  typeof r.text === 'string' ? r.text : Buffer.from(r.body as Buffer).toString();

const staffAgent = async () => {
  const platform = await createAccount(t.db, { kind: 'platform' });
  return signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
};

describe('the portal forms (multipart, without JavaScript)', () => {
  it('opens a ticket with files: listed on the ticket, downloaded as attachments, never inline', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    expect((await agent.get('/tickets/new')).text).toContain('enctype="multipart/form-data"');
    const html = '<script>alert(document.cookie)</script>';
    const response = await openWithFiles(agent, { ...ticketFields, account_number: a.n2 }, [
      { name: 'captura.txt', content: 'Sin tono desde las 9:00' },
      { name: '../../informe.html', content: html, type: 'text/html' },
    ]);
    expect(response.status).toBe(303);
    const page = await agent.get(response.headers.location);
    expect(textOf(page.text)).toContain('captura.txt');
    expect(textOf(page.text)).toContain('informe.html');
    // 23 bytes are 23 bytes, not «1 KB».
    expect(textOf(page.text)).toContain('captura.txt 23 bytes');
    const links = [...page.text.matchAll(/href="(\/tickets\/\d{6}\/attachments\/\d+)"/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);

    const download = await agent.get(links[1]);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="?informe\.html"?$/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(contentOf(download)).toBe(html);

    // Someone who may not see the ticket (outside their account numbers, or another account) cannot.
    const limited = await signIn(t.app, a.limited.email);
    expect((await limited.get(links[0])).status).toBe(404);
    const stranger = await signIn(t.app, (await createMember(t.db, { role: 'owner' })).email);
    expect((await stranger.get(links[0])).status).toBe(404);
    // The helpdesk can.
    const staff = await staffAgent();
    const staffPage = await staff.get(`/staff/tickets/${/\/tickets\/(\d{6})/.exec(links[0])![1]}`);
    const staffLink = /href="(\/staff\/attachments\/\d+)"/.exec(staffPage.text)![1];
    expect((await staff.get(staffLink)).headers['content-disposition']).toMatch(/^attachment/);
  });

  it('adds files to a reply', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const opened = await submitForm(agent, '/tickets/new', '/tickets/new', ticketFields);
    const path = opened.headers.location;
    const page = await agent.get(path);
    expect(page.text).toMatch(/<form[^>]+\/reply"[^>]+enctype="multipart\/form-data"/);
    const reply = await agent
      .post(`${path}/reply`)
      .field('_csrf', csrfFrom(page.text))
      .field('message', 'Adjunto el registro.')
      .attach('attachments', Buffer.from('registro'), { filename: 'registro.log', contentType: 'text/plain' });
    expect(reply.status).toBe(303);
    expect(textOf((await agent.get(path)).text)).toContain('registro.log');
  });

  it('refuses a file over the cap, or too many files, with 422 and what was typed', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const big = await openWithFiles(agent, ticketFields, [
      { name: 'enorme.bin', content: Buffer.alloc(ATTACHMENT_LIMITS.fileBytes + 1, 1) },
    ]);
    expect(big.status).toBe(422);
    expect(big.text).toContain('Con adjuntos');
    expect(textOf(big.text)).toContain('Cada archivo puede pesar hasta');
    const many = await openWithFiles(
      agent,
      ticketFields,
      Array.from({ length: ATTACHMENT_LIMITS.files + 1 }, (_, i) => ({ name: `f${i}.txt`, content: 'x' })),
    );
    expect(many.status).toBe(422);
    expect(await t.db('tickets').where({ account_id: a.accountId }).first()).toBeUndefined();
  });

  it('still checks the CSRF token of a multipart form', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const forged = await openWithFiles(agent, ticketFields, [{ name: 'x.txt', content: 'x' }], null);
    expect(forged.status).toBe(403);
    const wrong = await openWithFiles(agent, ticketFields, [{ name: 'x.txt', content: 'x' }], 'x'.repeat(64));
    expect(wrong.status).toBe(403);
    expect(await t.db('tickets').where({ account_id: a.accountId }).first()).toBeUndefined();
  });
});

describe('attachments of inbound mail', () => {
  function withAttachment(from: string, subject: string, file: { name: string; content: string }) {
    return [
      `From: ${from}`,
      `To: ${SUPPORT}`,
      `Subject: ${subject}`,
      `Message-ID: <adj-${Date.now()}-${Math.random()}@mail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="limite"',
      '',
      '--limite',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Va el archivo.',
      '--limite',
      `Content-Type: application/pdf; name="${file.name}"`,
      `Content-Disposition: attachment; filename="${file.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(file.content).toString('base64'),
      '--limite--',
      '',
    ].join('\r\n');
  }

  it('keeps them on the ticket for the customer and the helpdesk', async () => {
    const a = await account();
    const raw = withAttachment(a.owner.email, 'Factura adjunta', { name: 'factura.pdf', content: '%PDF-1.4 prueba' });
    expect(await deliverRaw(smtp.port, { from: a.owner.email, to: SUPPORT }, raw)).toMatch(/^250/);
    const ticket = await t.db('tickets').where({ account_id: a.accountId, subject: 'Factura adjunta' }).first();
    const agent = await signIn(t.app, a.owner.email);
    const page = await agent.get(`/tickets/${ticket.number}`);
    expect(textOf(page.text)).toContain('factura.pdf');
    const link = /href="(\/tickets\/\d{6}\/attachments\/\d+)"/.exec(page.text)![1];
    const download = await agent.get(link);
    expect(contentOf(download)).toBe('%PDF-1.4 prueba');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="?factura\.pdf"?$/);
  });

  it('keeps them with a held request, and moves them to the ticket when it is filed', async () => {
    const accountId = await createAccount(t.db);
    const contact = await createContactRow(t.db, accountId, { status: 'unverified' });
    const raw = withAttachment(contact.email, 'Retenido con archivo', { name: 'contrato.pdf', content: 'contrato' });
    expect(await deliverRaw(smtp.port, { from: contact.email, to: SUPPORT }, raw)).toMatch(/^250/);
    const held = await t.db('inbound_messages').where({ from_email: contact.email }).first();
    expect(held.status).toBe('held');
    const staff = await staffAgent();
    const page = await staff.get(`/staff/requests/${held.id}`);
    expect(textOf(page.text)).toContain('contrato.pdf');
    const validated = await staff
      .post(`/staff/contacts/${contact.id}/validate`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), note: 'Llamé al propietario' });
    expect(validated.status).toBe(303);
    const ticket = await t.db('tickets').where({ account_id: accountId, subject: 'Retenido con archivo' }).first();
    const ticketPage = await staff.get(`/staff/tickets/${ticket.number}`);
    expect(textOf(ticketPage.text)).toContain('contrato.pdf');
  });
});

describe('uploads that are not quite right (issue 22 item 4)', () => {
  it('answers a cut-off or boundary-less multipart post with 400 and the normal error page', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const token = csrfFrom((await agent.get('/tickets/new')).text);
    const cut = await agent
      .post('/tickets/new')
      .set('Content-Type', 'multipart/form-data; boundary=limite')
      .send(`--limite\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--limite\r\nContent-Dispo`);
    const bare = await agent
      .post('/tickets/new')
      .set('Content-Type', 'multipart/form-data')
      .send(`--limite\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--limite--\r\n`);
    for (const response of [cut, bare]) {
      expect(response.status).toBe(400);
      expect(response.text).toContain('<h1');
      expect(response.text).not.toMatch(/at \w+ \(|Error:/);
    }
    expect(await t.db('tickets').where({ account_id: a.accountId })).toEqual([]);
  });

  it('keeps names with accents and emoji in UTF-8 and sends them back with filename*', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const name = 'ñandú 🦤.txt';
    const response = await openWithFiles(agent, ticketFields, [{ name, content: 'plumas' }]);
    expect(response.status).toBe(303);
    const page = await agent.get(response.headers.location);
    expect(textOf(page.text)).toContain(name);
    const link = /href="(\/tickets\/\d{6}\/attachments\/\d+)"/.exec(page.text)![1];
    const download = await agent.get(link);
    expect(download.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
    );
    expect(contentOf(download)).toBe('plumas');
  });
});
