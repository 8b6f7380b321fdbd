import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE security_answers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      position smallint NOT NULL CHECK (position BETWEEN 1 AND 3),
      -- a key of the question list in the locale files
      question_key text NOT NULL CHECK (question_key ~ '^[a-z_]{1,40}$'),
      -- bcrypt of the normalised answer
      answer_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT security_answers_position_key UNIQUE (user_id, position),
      CONSTRAINT security_answers_question_key UNIQUE (user_id, question_key)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE security_answers');
}
