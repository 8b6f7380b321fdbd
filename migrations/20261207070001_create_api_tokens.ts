import type { Knex } from 'knex';

// Integration tokens (issue 19): they belong to an account, not to the person who made them, so
// they keep working when that person leaves. Only the SHA-256 of the secret is kept, with the
// first eight characters to tell tokens apart in a list.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE api_tokens (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      scopes text[] NOT NULL CHECK (
        scopes <@ ARRAY['accounts:read', 'accounts:write', 'credit:write', 'billing:write', 'users:write']::text[]
        AND cardinality(scopes) > 0
      ),
      token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
      prefix text NOT NULL CHECK (length(prefix) = 8),
      created_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      expires_at timestamptz,
      revoked_at timestamptz,
      revoked_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      last_used_at timestamptz,
      last_used_ip text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX api_tokens_account_idx ON api_tokens (account_id, created_at DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE api_tokens');
}
