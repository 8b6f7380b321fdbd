import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE invoices (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      account_number_id bigint NOT NULL,
      number text NOT NULL CHECK (number ~ '^[A-Z0-9-]{1,30}$'),
      issued_on date NOT NULL,
      due_on date NOT NULL CHECK (due_on >= issued_on),
      total_cents integer NOT NULL CHECK (total_cents >= 0),
      currency char(3) NOT NULL DEFAULT 'MXN' CHECK (currency ~ '^[A-Z]{3}$'),
      status text NOT NULL CHECK (status IN ('paid', 'unpaid', 'overdue', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (account_number_id, account_id) REFERENCES account_numbers (id, account_id) ON DELETE CASCADE,
      CONSTRAINT invoices_number_key UNIQUE (number)
    );
    CREATE INDEX invoices_account_idx ON invoices (account_id, issued_on DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE invoices');
}
