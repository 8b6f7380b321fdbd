import type { FieldErrors } from '../../forms/form';
import { type TRUNK_KINDS, type Trunks } from '../../models/trunk-pool';

/**
 * The account services name a refused field by its path in the account's data (`admin.email`,
 * `trunks.inbound`, `pool.twoway`, `initial_credit`), not by a form's field name: the API reports
 * the path as it is, and each page maps it to its own field with `formField`.
 */
export function formField(path: string): string {
  const [head, rest] = path.split('.', 2);
  if (path === 'initial_credit') return 'credit';
  if (path === 'support_contacts') return 'contacts';
  if (rest === undefined) return path;
  if (head === 'trunks') return `${rest}_trunks`;
  if (head === 'pool') return `pool_${rest}_trunks`;
  if (head === 'restrictions') return `restrictions[${rest}]`;
  return `${head}_${rest}`;
}

export function formErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([path, error]) => [formField(path), error]));
}

/** «Solo quedan N disponibles» for each kind of trunk asked beyond what the pool has left. */
export function overPool(kinds: readonly (typeof TRUNK_KINDS)[number][], available: Trunks): FieldErrors {
  return Object.fromEntries(
    kinds.map((k) => [
      `trunks.${k}`,
      { key: 'errors.manager.restrictions.trunks.over_pool', params: { n: String(available[k]) } },
    ]),
  );
}
