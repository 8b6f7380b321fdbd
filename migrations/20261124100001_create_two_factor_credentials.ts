import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE two_factor_credentials (
      user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      -- the TOTP secret, AES-256-GCM with a key derived from SESSION_SECRET (iv.tag.ciphertext, base64url)
      secret_ciphertext text NOT NULL CHECK (length(secret_ciphertext) <= 500),
      -- null while being set up: the secret is shown until the first code confirms it
      enabled_at timestamptz,
      -- the last TOTP time step accepted: a code of this step or an earlier one is never accepted again
      last_used_step bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE two_factor_credentials');
}
