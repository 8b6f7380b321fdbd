import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE invitations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      membership_id bigint NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
      -- SHA-256 of the token; the token itself is only ever in the e-mail
      token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
      sent_to text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      created_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
    );
    CREATE INDEX invitations_membership_id_idx ON invitations (membership_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE invitations');
}
