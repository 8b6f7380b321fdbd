import type { Knex } from 'knex';

// One event for one subscription: claimed by the delivery workers with FOR UPDATE SKIP LOCKED, as
// the mail outbox is. The last attempt's answer is kept for the subscription's page (1 KB of it).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id bigint NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
      subscription_id bigint NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text NOT NULL DEFAULT '',
      last_duration_ms integer,
      last_response text NOT NULL DEFAULT '' CHECK (length(last_response) <= 1024),
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_deliveries_once UNIQUE (event_id, subscription_id)
    );
    CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
    CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_deliveries');
}
