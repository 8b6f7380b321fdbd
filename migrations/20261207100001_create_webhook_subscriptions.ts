import type { Knex } from 'knex';

// Webhook subscriptions of a reseller or platform account (issue 20). The signing secret is stored
// encrypted like the two-factor secrets; after a rotation the previous one keeps signing until
// previous_secret_until. failing_since: the first failure since the last success (3 days: disabled).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_subscriptions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000 AND url ~ '^https{0,1}://'),
      events text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 50),
      include_descendants boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
      disabled_reason text CHECK (disabled_reason IN ('gone', 'failing')),
      secret_ciphertext text NOT NULL,
      previous_secret_ciphertext text,
      previous_secret_until timestamptz,
      failing_since timestamptz,
      created_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
    );
    CREATE INDEX webhook_subscriptions_account_idx ON webhook_subscriptions (account_id, id);
    CREATE INDEX webhook_subscriptions_events_idx ON webhook_subscriptions USING gin (events) WHERE status = 'active';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_subscriptions');
}
