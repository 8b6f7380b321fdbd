import { z } from 'zod';
import { emailField } from '../fields';
import { parseForm } from '../form';

/** «Añadir en copia» (the portal's ticket page and the console's): the e-mail of a contact of the account. */
export function parseTicketCopy(body: unknown) {
  return parseForm(z.object({ email: emailField('ticket_copy') }), body, ['email']);
}
