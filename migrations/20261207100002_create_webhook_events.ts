import type { Knex } from 'knex';

// What happened, written in the transaction of the change itself (emitEvent). public_id is the
// event's id in the payload and the webhook-id header: the same on every retry.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id text NOT NULL CHECK (public_id ~ '^evt_[A-Za-z0-9_-]{16,40}$'),
      type text NOT NULL CHECK (type ~ '^[a-z_]+\\.[a-z_]+$'),
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_events_public_id_key UNIQUE (public_id)
    );
    CREATE INDEX webhook_events_account_idx ON webhook_events (account_id, id);
    CREATE INDEX webhook_events_created_idx ON webhook_events (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_events');
}
