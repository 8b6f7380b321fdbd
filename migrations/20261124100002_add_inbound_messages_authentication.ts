import type { Knex } from 'knex';

// Whether the sender's domain vouched for the message (SPF or DKIM aligned with From, as DMARC
// asks), and what was found, for the helpdesk («Remitente no verificado»).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE inbound_messages
      ADD COLUMN sender_verified boolean,
      ADD COLUMN authentication text NOT NULL DEFAULT '' CHECK (length(authentication) <= 500)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbound_messages DROP COLUMN sender_verified, DROP COLUMN authentication');
}
