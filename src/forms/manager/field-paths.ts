import type { FieldErrors } from '../form';

/**
 * The account services refuse a field by its path in the account's data (`admin.email`,
 * `trunks.inbound`, `pool.twoway`, `initial_credit`, `support_contacts`), never by a form's field
 * name: the API reports the path as it is, and the Accounts Manager's forms (the wizard, «Editar
 * cuenta») name their fields from it here. A form's own field names pass through unchanged.
 */
export function formField(path: string): string {
  if (path === 'initial_credit') return 'credit';
  if (path === 'support_contacts') return 'contacts';
  const [head, rest] = path.split('.', 2);
  if (rest === undefined) return path;
  if (head === 'trunks') return `${rest}_trunks`;
  if (head === 'pool') return `pool_${rest}_trunks`;
  if (head === 'restrictions') return `restrictions[${rest}]`;
  return `${head}_${rest}`;
}

export function formErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([path, error]) => [formField(path), error]));
}
