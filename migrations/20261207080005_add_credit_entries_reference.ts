import type { Knex } from 'knex';

// A ledger entry may carry the billing system's own reference for it (a payment id), so that posting
// the same payment twice records it once (issue 19, item 4).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE credit_entries ADD COLUMN reference text
      CONSTRAINT credit_entries_reference_check CHECK (length(reference) BETWEEN 1 AND 200)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE credit_entries DROP COLUMN reference');
}
