import type { Knex } from 'knex';

/*
 * The credit ledger: the balance is the sum of an account's entries, and an entry that takes it below
 * zero is refused unless the account allows prepay ("bypass"). The account's row is locked first, so
 * two removals at once are counted one after the other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION credit_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      prepay boolean;
      balance bigint;
    BEGIN
      IF NEW.amount_cents > 0 THEN
        RETURN NEW;
      END IF;
      SELECT allow_prepay INTO prepay FROM accounts WHERE id = NEW.account_id FOR UPDATE;
      IF NOT FOUND OR prepay THEN
        RETURN NEW;
      END IF;
      SELECT coalesce(sum(amount_cents), 0) INTO balance FROM credit_entries WHERE account_id = NEW.account_id;
      IF balance + NEW.amount_cents < 0 THEN
        RAISE EXCEPTION 'the credit of account % cannot go below zero', NEW.account_id
          USING ERRCODE = '23514', CONSTRAINT = 'credit_entries_balance_not_negative';
      END IF;
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER credit_entries_balance BEFORE INSERT ON credit_entries
      FOR EACH ROW EXECUTE FUNCTION credit_entries_balance();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER credit_entries_balance ON credit_entries; DROP FUNCTION credit_entries_balance()');
}
