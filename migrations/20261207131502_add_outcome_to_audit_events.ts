import type { Knex } from 'knex';

/**
 * Whether what an event records worked: a failure is recorded as one (`failed`), with the key of
 * its reason (an invitation whose mail the server refused, a webhook disabled after failing).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE audit_events
      ADD COLUMN outcome text NOT NULL DEFAULT 'ok' CONSTRAINT audit_events_outcome_kind CHECK (outcome IN ('ok', 'failed')),
      ADD COLUMN reason text NOT NULL DEFAULT '',
      ADD CONSTRAINT audit_events_failure_reason
        CHECK (reason ~ '^[a-z_]*$' AND (outcome = 'failed') = (reason <> ''))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_events DROP COLUMN reason, DROP COLUMN outcome');
}
