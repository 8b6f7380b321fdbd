import type { Knex } from 'knex';

// The queue sorted by priority, most urgent first, as a column an index can hold (0 = urgent).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets ADD COLUMN priority_order smallint GENERATED ALWAYS AS (
      CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END
    ) STORED
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE tickets DROP COLUMN priority_order');
}
