import type { Knex } from 'knex';

/*
 * The realm rule of DESIGN.md: a child's realm is one label followed by its parent's realm (the
 * suffix the parent fixes: "should never be changed"), and a realm never changes once given.
 * (`\\?` because knex.raw reads a bare question mark as a binding.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION accounts_realm_rule() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      suffix text;
      label text;
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.realm IS DISTINCT FROM OLD.realm THEN
        RAISE EXCEPTION 'the realm of account % never changes', OLD.id
          USING ERRCODE = '23514', CONSTRAINT = 'accounts_realm_fixed';
      END IF;
      IF NEW.parent_id IS NULL THEN
        RETURN NEW;
      END IF;
      SELECT '.' || realm INTO suffix FROM accounts WHERE id = NEW.parent_id;
      label := left(NEW.realm, length(NEW.realm) - length(suffix));
      IF suffix IS NULL OR right(NEW.realm, length(suffix)) <> suffix OR label !~ '^[0-9a-z]([0-9a-z-]*[0-9a-z])\\?$' THEN
        RAISE EXCEPTION 'realm % must be one label followed by its parent''s realm%', NEW.realm, coalesce(suffix, '')
          USING ERRCODE = '23514', CONSTRAINT = 'accounts_realm_suffix';
      END IF;
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER accounts_realm_rule BEFORE INSERT OR UPDATE OF realm, parent_id ON accounts
      FOR EACH ROW EXECUTE FUNCTION accounts_realm_rule();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER accounts_realm_rule ON accounts; DROP FUNCTION accounts_realm_rule()');
}
