import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE invoice_items (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
      amount_cents integer NOT NULL,
      position smallint NOT NULL DEFAULT 1
    );
    CREATE INDEX invoice_items_invoice_id_idx ON invoice_items (invoice_id, position);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE invoice_items');
}
