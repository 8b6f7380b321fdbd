import type { Knex } from 'knex';

// A ticket's copies are contacts of the ticket's own account: never another tenant's, whatever path
// writes the row (adding one, moving them when tickets are merged).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ticket_copies_same_account() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT account_id FROM tickets WHERE id = NEW.ticket_id)
         IS DISTINCT FROM (SELECT account_id FROM contacts WHERE id = NEW.contact_id) THEN
        RAISE EXCEPTION 'contact % is not of the account of ticket %', NEW.contact_id, NEW.ticket_id
          USING ERRCODE = '23514', CONSTRAINT = 'ticket_copies_same_account';
      END IF;
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER ticket_copies_same_account BEFORE INSERT OR UPDATE OF ticket_id, contact_id ON ticket_copies
      FOR EACH ROW EXECUTE FUNCTION ticket_copies_same_account();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'DROP TRIGGER ticket_copies_same_account ON ticket_copies; DROP FUNCTION ticket_copies_same_account()',
  );
}
