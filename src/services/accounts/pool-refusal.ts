import type { FieldErrors } from '../../forms/form';
import { type TRUNK_KINDS, type Trunks } from '../../models/trunk-pool';

/** «Solo quedan N disponibles» for each kind of trunk asked beyond what the pool has left, by its path (`trunks.inbound`). */
export function overPool(kinds: readonly (typeof TRUNK_KINDS)[number][], available: Trunks): FieldErrors {
  return Object.fromEntries(
    kinds.map((k) => [
      `trunks.${k}`,
      { key: 'errors.manager.restrictions.trunks.over_pool', params: { n: String(available[k]) } },
    ]),
  );
}
