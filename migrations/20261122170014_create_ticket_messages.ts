import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE ticket_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      author_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      author_email text NOT NULL,
      author_name text NOT NULL DEFAULT '',
      author_kind text NOT NULL CHECK (author_kind IN ('customer', 'staff', 'system')),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
      internal boolean NOT NULL DEFAULT false,
      source text NOT NULL DEFAULT 'portal' CHECK (source IN ('portal', 'email', 'staff')),
      -- Message-ID of an inbound e-mail, so the same message filed twice is one message
      email_message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ticket_messages_email_message_id_key UNIQUE (email_message_id)
    );
    CREATE INDEX ticket_messages_ticket_idx ON ticket_messages (ticket_id, created_at, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE ticket_messages');
}
