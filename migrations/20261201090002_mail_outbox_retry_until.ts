import type { Knex } from 'knex';

// Mail is retried until retry_until (days, as mail servers do), then given up; «Reenviar» on the
// staff console starts a new window (issue 11, item 5).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE mail_outbox ADD COLUMN retry_until timestamptz NOT NULL DEFAULT now() + interval '5 days';
    UPDATE mail_outbox SET retry_until = created_at + interval '5 days';
    CREATE INDEX mail_outbox_trouble_idx ON mail_outbox (created_at, id) WHERE status <> 'sent';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX mail_outbox_trouble_idx; ALTER TABLE mail_outbox DROP COLUMN retry_until');
}
