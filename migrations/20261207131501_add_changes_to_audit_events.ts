import type { Knex } from 'knex';

/**
 * What an event changed, field by field: `[{ field, before, after }]`, only fields of the allow-list
 * in src/domain/audit-changes.ts (never passwords, answers, tokens or secrets).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE audit_events
      ADD COLUMN changes jsonb NOT NULL DEFAULT '[]' CONSTRAINT audit_events_changes_list CHECK (jsonb_typeof(changes) = 'array')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_events DROP COLUMN changes');
}
