import type { Knex } from 'knex';

/*
 * A reseller's customers together never hold more trunks of a kind than the reseller's pool, however
 * many partners write at once: whoever would add trunks first locks the reseller's row, then sums
 * its customers (each statement of the function sees what committed before the lock was granted).
 * Closed accounts hold nothing. Lowering an allocation or closing never needs the lock.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION accounts_trunk_pool() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END IF;
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
    CREATE TRIGGER accounts_trunk_pool
      BEFORE INSERT OR UPDATE OF inbound_trunks, outbound_trunks, twoway_trunks, parent_id, status,
        pool_inbound_trunks, pool_outbound_trunks, pool_twoway_trunks
      ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_trunk_pool();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER accounts_trunk_pool ON accounts; DROP FUNCTION accounts_trunk_pool()');
}
