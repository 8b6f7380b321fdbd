import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE accounts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('platform', 'reseller', 'customer')),
      parent_id bigint REFERENCES accounts (id) ON DELETE RESTRICT,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
      realm text NOT NULL CHECK (realm ~ '^[0-9a-z][0-9a-z.-]*$' AND length(realm) <= 63),
      time_zone text NOT NULL DEFAULT 'America/Mexico_City' CHECK (length(time_zone) BETWEEN 1 AND 64),
      enabled_sections text[] NOT NULL DEFAULT '{}' CHECK (enabled_sections <@ ARRAY['profile','contacts','users','services','invoices','tickets','emails','support_contacts','telephony']::text[]),
      -- company profile
      address1 text NOT NULL DEFAULT '',
      address2 text NOT NULL DEFAULT '',
      city text NOT NULL DEFAULT '',
      state text NOT NULL DEFAULT '',
      postcode text NOT NULL DEFAULT '',
      country char(2),
      phone text NOT NULL DEFAULT '',
      -- telephony allocation of this account
      inbound_trunks integer NOT NULL DEFAULT 0 CHECK (inbound_trunks >= 0),
      outbound_trunks integer NOT NULL DEFAULT 0 CHECK (outbound_trunks >= 0),
      twoway_trunks integer NOT NULL DEFAULT 0 CHECK (twoway_trunks >= 0),
      -- a reseller's pool, from which its customers' allocations are drawn
      pool_inbound_trunks integer NOT NULL DEFAULT 0 CHECK (pool_inbound_trunks >= 0),
      pool_outbound_trunks integer NOT NULL DEFAULT 0 CHECK (pool_outbound_trunks >= 0),
      pool_twoway_trunks integer NOT NULL DEFAULT 0 CHECK (pool_twoway_trunks >= 0),
      call_restrictions jsonb NOT NULL DEFAULT '{"tollfree_us":"allow","toll_us":"allow","emergency":"allow","caribbean":"deny","did_us":"allow","international":"deny","unknown":"deny"}',
      allow_prepay boolean NOT NULL DEFAULT false,
      created_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT accounts_realm_key UNIQUE (realm),
      CONSTRAINT accounts_tree CHECK ((kind = 'platform') = (parent_id IS NULL)),
      CONSTRAINT accounts_call_restrictions_values CHECK (
        jsonb_typeof(call_restrictions) = 'object'
        AND NOT jsonb_path_exists(call_restrictions, '$.* \\? (@ != "allow" && @ != "deny")')
      ),
      CONSTRAINT accounts_only_resellers_have_pools CHECK (
        kind = 'reseller' OR (pool_inbound_trunks = 0 AND pool_outbound_trunks = 0 AND pool_twoway_trunks = 0)
      )
    );
    CREATE INDEX accounts_parent_id_idx ON accounts (parent_id);
    CREATE INDEX accounts_name_idx ON accounts (lower(name));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE accounts');
}
