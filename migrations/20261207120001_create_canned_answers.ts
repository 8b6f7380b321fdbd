import type { Knex } from 'knex';

// «Respuestas predefinidas»: texts the helpdesk inserts in a reply, each in Spanish and in English.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE canned_answers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      body_es text NOT NULL CHECK (length(body_es) BETWEEN 1 AND 10000),
      body_en text NOT NULL CHECK (length(body_en) BETWEEN 1 AND 10000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE canned_answers');
}
