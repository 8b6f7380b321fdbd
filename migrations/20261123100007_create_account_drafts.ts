import type { Knex } from 'knex';

/*
 * The "Agregar cuenta nueva" wizard keeps what was typed here between its steps: on the server, tied
 * to the session that started it (signing out or in ends it), and expiring when abandoned.
 * Never a password: only its bcrypt hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE account_drafts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_sid varchar NOT NULL REFERENCES session (sid) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      parent_account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX account_drafts_session_idx ON account_drafts (session_sid);
    CREATE INDEX account_drafts_expires_idx ON account_drafts (expires_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_drafts');
}
