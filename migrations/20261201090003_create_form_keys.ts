import type { Knex } from 'knex';

// One-time form keys (issue 11, item 6): each create form carries a random key; the first
// submission claims it in the transaction that creates the record and stores where it led, so a
// repeat of the same submission redirects there instead of creating a duplicate.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE form_keys (
      key text PRIMARY KEY CHECK (length(key) BETWEEN 20 AND 64),
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      result_path text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX form_keys_created_idx ON form_keys (created_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE form_keys');
}
