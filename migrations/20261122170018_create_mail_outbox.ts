import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE mail_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
      -- account: transactional mail about the user's own access, sent whatever the preferences
      category text NOT NULL CHECK (category IN ('account', 'general', 'invoice', 'support', 'product', 'domain', 'affiliate')),
      template text NOT NULL CHECK (length(template) BETWEEN 1 AND 60),
      to_addresses text[] NOT NULL CHECK (cardinality(to_addresses) BETWEEN 1 AND 50),
      cc_addresses text[] NOT NULL DEFAULT '{}',
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300 AND subject !~ '[\\r\\n]'),
      text_body text NOT NULL,
      message_id text NOT NULL,
      in_reply_to text,
      ticket_id bigint REFERENCES tickets (id) ON DELETE SET NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      last_error text NOT NULL DEFAULT '',
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT mail_outbox_message_id_key UNIQUE (message_id)
    );
    CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
    CREATE INDEX mail_outbox_account_idx ON mail_outbox (account_id, created_at DESC, id DESC);
    CREATE INDEX mail_outbox_ticket_idx ON mail_outbox (ticket_id) WHERE ticket_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE mail_outbox');
}
