import type { Knex } from 'knex';

// «Personas en copia»: contacts of the ticket's account who receive its e-mail besides the requester,
// once each, with who put them there and when. Read by ticket (the unique key's first column).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE ticket_copies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
      added_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ticket_copies_ticket_contact_key UNIQUE (ticket_id, contact_id)
    );
    CREATE INDEX ticket_copies_contact_idx ON ticket_copies (contact_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE ticket_copies');
}
