import type { Knex } from 'knex';

// The unit price of a line; its amount is always quantity × unit price. Lines written before it (a
// single amount) have none.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE invoice_items ADD COLUMN unit_price_cents bigint
      CONSTRAINT invoice_items_unit_price_check CHECK (unit_price_cents IS NULL OR amount_cents = quantity * unit_price_cents)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE invoice_items DROP COLUMN unit_price_cents');
}
