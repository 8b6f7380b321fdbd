import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE inbound_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      message_id text NOT NULL,
      from_email text NOT NULL,
      from_name text NOT NULL DEFAULT '',
      subject text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      in_reply_to text NOT NULL DEFAULT '',
      references_header text NOT NULL DEFAULT '',
      -- held: waiting for the helpdesk; filed: became a ticket or a reply; rejected; ignored: auto-reply or bounce
      status text NOT NULL CHECK (status IN ('held', 'filed', 'rejected', 'ignored')),
      hold_reason text NOT NULL DEFAULT '',
      account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
      ticket_id bigint REFERENCES tickets (id) ON DELETE SET NULL,
      resolved_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      resolved_at timestamptz,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT inbound_messages_message_id_key UNIQUE (message_id)
    );
    CREATE INDEX inbound_messages_held_idx ON inbound_messages (received_at) WHERE status = 'held';
    CREATE INDEX inbound_messages_from_idx ON inbound_messages (from_email);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE inbound_messages');
}
