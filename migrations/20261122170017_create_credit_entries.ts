import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE credit_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      amount_cents integer NOT NULL CHECK (amount_cents <> 0),
      currency char(3) NOT NULL DEFAULT 'MXN' CHECK (currency ~ '^[A-Z]{3}$'),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
      actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX credit_entries_account_idx ON credit_entries (account_id, created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE credit_entries');
}
