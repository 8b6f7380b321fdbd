import type { Page } from 'playwright-core';
import { createAccount, createContactRow, createMember, createTicketRow, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

/**
 * Issue 23, item 7: an agent's working day with JavaScript off, on a phone and on a desktop: find a
 * ticket by its number, take it («Asignarme»), insert a canned answer, send it.
 */
const env = useAppAndBrowser();
let page: Page | undefined;

for (const [device, viewport] of [
  ['a 390 px phone', { width: 390, height: 844 }],
  ['a desktop', { width: 1280, height: 800 }],
] as const) {
  journey(
    `on ${device}, an agent finds a ticket by number, assigns it to themselves, inserts a canned answer and sends it`,
    () => page,
    async () => {
      const db = env.server().db;
      const platform = await createAccount(db, { kind: 'platform', name: 'Cuentas', sections: [] });
      const agent = await createMember(db, { role: 'member', accountId: platform, firstName: 'Sofía' });
      const accountId = await createAccount(db, { name: 'Jornada SA' });
      const contact = await createContactRow(db, accountId, { firstName: 'Ana', lastName: 'López' });
      // Other open tickets, so the search has something to pass over.
      for (let i = 0; i < 3; i++) await createTicketRow(db, { accountId, requesterEmail: contact.email });
      const ticket = await createTicketRow(db, {
        accountId,
        requesterEmail: contact.email,
        subject: 'La troncal no marca',
      });
      const title = `Reiniciar el equipo ${viewport.width}`;
      await db('canned_answers').insert({
        title,
        body_es: 'Hola, {{nombre}}: reinicia el equipo y dinos si el ticket {{ticket}} sigue igual.',
        body_en: 'Hi {{nombre}}, please restart the phone (ticket {{ticket}}).',
      });

      page = await (await newContext(env.browser(), viewport)).newPage();
      await page.goto(`${env.server().baseUrl}/login`);
      await new LoginPage(page).signIn(agent.email, TEST_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/staff');

      await page.getByLabel('Buscar tickets').fill(`#${ticket.number}`);
      await page.getByRole('button', { name: 'Filtrar' }).click();
      expect(new URL(page.url()).searchParams.get('q')).toBe(`#${ticket.number}`);
      const rows = page.locator('table tbody tr');
      expect(await rows.count()).toBe(1);
      await page.getByRole('link', { name: `#${ticket.number}` }).click();
      expect(new URL(page.url()).pathname).toBe(`/staff/tickets/${ticket.number}`);

      await page.getByRole('button', { name: 'Asignarme' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Te asignaste el ticket.');
      expect(await page.locator('section[aria-labelledby="assignment-title"]').textContent()).toContain('Sofía');

      await page.getByLabel('Respuesta predefinida').selectOption({ label: title });
      await page.getByRole('button', { name: 'Insertar' }).click();
      const box = page.getByLabel('Mensaje');
      expect(await box.inputValue()).toBe(
        `Hola, Ana: reinicia el equipo y dinos si el ticket #${ticket.number} sigue igual.`,
      );
      await box.fill(`${await box.inputValue()}\nGracias.`);
      await page.getByRole('button', { name: 'Enviar respuesta' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Enviamos tu respuesta');
      expect(await page.locator('.conversation').textContent()).toContain(
        `Hola, Ana: reinicia el equipo y dinos si el ticket #${ticket.number} sigue igual.`,
      );
      const sent = await db('mail_outbox').where({ ticket_id: ticket.id, template: 'ticket_reply' }).first();
      expect(sent.to_addresses).toEqual([contact.email]);
      expect(sent.text_body).toContain('Gracias.');
      // Nothing wider than the screen.
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(viewport.width);
    },
  );
}
