import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      target_type text NOT NULL DEFAULT '',
      target_id bigint,
      ip text NOT NULL DEFAULT '',
      -- never secrets: no passwords, answers, tokens or cookies
      metadata jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_events_account_idx ON audit_events (account_id, created_at DESC, id DESC);
    CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, created_at DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE audit_events');
}
