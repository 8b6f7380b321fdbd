import type { Knex } from 'knex';

// An invoice line from the billing system has a quantity and a unit price (issue 19, item 5).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE invoice_items ADD COLUMN quantity integer NOT NULL DEFAULT 1
      CONSTRAINT invoice_items_quantity_check CHECK (quantity BETWEEN 1 AND 1000000)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoice_items DROP COLUMN quantity');
}
