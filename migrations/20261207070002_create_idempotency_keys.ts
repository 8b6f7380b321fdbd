import type { Knex } from 'knex';

// A write sent again with the same Idempotency-Key answers what the first one answered. The row is
// inserted (in its own committed step) before the write runs, so ten copies at once find it taken;
// the response is filled in when the write finishes. Kept 24 hours (housekeeping prunes them).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE idempotency_keys (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      request_hash bytea NOT NULL,
      response_status integer,
      response_body jsonb,
      response_location text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, key)
    );
    CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE idempotency_keys');
}
