/**
 * A piece of one SQL statement — a WITH query that writes a consequence of a change (its audit rows,
 * its mail, its webhook event) — with its `:named` bindings. A change and its consequences composed
 * into one statement commit together without a transaction around them, in one round trip. Each
 * model names its bindings with a prefix of its own, so parts never share a name by accident.
 */
export interface SqlPart {
  sql: string;
  bindings: Record<string, unknown>;
}

/** The parts' bindings together; a name given twice is a mistake in the parts, refused here. */
export function bindingsOf(parts: Pick<SqlPart, 'bindings'>[]): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const part of parts)
    for (const [name, value] of Object.entries(part.bindings)) {
      if (name in all) throw new Error(`binding :${name} given twice`);
      all[name] = value;
    }
  return all;
}
