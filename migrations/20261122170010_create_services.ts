import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE services (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      account_number_id bigint NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      status text NOT NULL CHECK (status IN ('active', 'pending', 'suspended', 'cancelled')),
      next_due_date date,
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      currency char(3) NOT NULL DEFAULT 'MXN' CHECK (currency ~ '^[A-Z]{3}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (account_number_id, account_id) REFERENCES account_numbers (id, account_id) ON DELETE CASCADE,
      CONSTRAINT services_id_account_key UNIQUE (id, account_id)
    );
    CREATE INDEX services_account_idx ON services (account_id, account_number_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE services');
}
