import type { Knex } from 'knex';

/*
 * The pool rule (20261123100005_enforce_trunk_pool) locked the reseller's row for every customer
 * written, so every account a reseller's billing system created waited for the one before it to
 * commit, though most hold no trunks at all. A customer holding none cannot take the pool over
 * (what the others hold is unchanged), so it no longer takes the lock; one that holds trunks still
 * locks the reseller's row and counts as before. The reseller's own pool check is unchanged.
 */
const body = (skipWithoutTrunks: boolean) => `
  CREATE OR REPLACE FUNCTION accounts_trunk_pool() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    pool record;
    used record;
  BEGIN
    IF TG_OP = 'UPDATE' AND NEW.kind = 'reseller' AND (
         NEW.pool_inbound_trunks < OLD.pool_inbound_trunks
      OR NEW.pool_outbound_trunks < OLD.pool_outbound_trunks
      OR NEW.pool_twoway_trunks < OLD.pool_twoway_trunks) THEN
      SELECT coalesce(sum(inbound_trunks), 0) AS inbound, coalesce(sum(outbound_trunks), 0) AS outbound,
             coalesce(sum(twoway_trunks), 0) AS twoway
        INTO used FROM accounts WHERE parent_id = NEW.id AND status <> 'closed';
      IF used.inbound > NEW.pool_inbound_trunks OR used.outbound > NEW.pool_outbound_trunks
         OR used.twoway > NEW.pool_twoway_trunks THEN
        RAISE EXCEPTION 'the pool of reseller % cannot be lower than what its customers hold', NEW.id
          USING ERRCODE = '23514', CONSTRAINT = 'accounts_trunk_pool';
      END IF;
    END IF;

    IF NEW.parent_id IS NULL OR NEW.status = 'closed' THEN
      RETURN NEW;
    END IF;${
      skipWithoutTrunks
        ? `
    IF NEW.inbound_trunks = 0 AND NEW.outbound_trunks = 0 AND NEW.twoway_trunks = 0 THEN
      RETURN NEW;
    END IF;`
        : ''
    }
    IF TG_OP = 'UPDATE' AND NEW.parent_id = OLD.parent_id AND OLD.status <> 'closed'
       AND NEW.inbound_trunks <= OLD.inbound_trunks AND NEW.outbound_trunks <= OLD.outbound_trunks
       AND NEW.twoway_trunks <= OLD.twoway_trunks THEN
      RETURN NEW;
    END IF;

    SELECT kind, pool_inbound_trunks AS inbound, pool_outbound_trunks AS outbound, pool_twoway_trunks AS twoway
      INTO pool FROM accounts WHERE id = NEW.parent_id FOR UPDATE;
    IF NOT FOUND OR pool.kind <> 'reseller' THEN
      RETURN NEW;
    END IF;
    SELECT coalesce(sum(inbound_trunks), 0) AS inbound, coalesce(sum(outbound_trunks), 0) AS outbound,
           coalesce(sum(twoway_trunks), 0) AS twoway
      INTO used FROM accounts WHERE parent_id = NEW.parent_id AND status <> 'closed' AND id <> NEW.id;
    IF used.inbound + NEW.inbound_trunks > pool.inbound OR used.outbound + NEW.outbound_trunks > pool.outbound
       OR used.twoway + NEW.twoway_trunks > pool.twoway THEN
      RAISE EXCEPTION 'the trunks of account % would exceed the pool of reseller %', NEW.id, NEW.parent_id
        USING ERRCODE = '23514', CONSTRAINT = 'accounts_trunk_pool';
    END IF;
    RETURN NEW;
  END
  $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(body(true));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(body(false));
}
