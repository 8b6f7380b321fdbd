import type { Knex } from 'knex';

// Files sent with a ticket message (portal forms or inbound mail), kept in PostgreSQL. A file that
// came with a held request waits on the request (inbound_id) until it is filed on a ticket. A file
// over the caps is recorded without its content, so nothing is dropped silently.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE ticket_attachments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id bigint REFERENCES tickets (id) ON DELETE CASCADE,
      message_id bigint REFERENCES ticket_messages (id) ON DELETE CASCADE,
      inbound_id bigint REFERENCES inbound_messages (id) ON DELETE CASCADE,
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
      size integer NOT NULL CHECK (size >= 0),
      content bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((ticket_id IS NULL) = (message_id IS NULL)),
      CHECK (message_id IS NOT NULL OR inbound_id IS NOT NULL),
      CHECK (content IS NULL OR length(content) = size)
    );
    CREATE INDEX ticket_attachments_ticket_idx ON ticket_attachments (ticket_id, message_id, id);
    CREATE INDEX ticket_attachments_inbound_idx ON ticket_attachments (inbound_id) WHERE inbound_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE ticket_attachments');
}
