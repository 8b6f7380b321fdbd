import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE account_numbers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      number text NOT NULL CHECK (number ~ '^[0-9]{6,15}$'),
      label text NOT NULL DEFAULT '' CHECK (length(label) <= 100),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT account_numbers_number_key UNIQUE (number),
      CONSTRAINT account_numbers_id_account_key UNIQUE (id, account_id)
    );
    CREATE INDEX account_numbers_account_id_idx ON account_numbers (account_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_numbers');
}
