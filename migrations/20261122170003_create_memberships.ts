import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE memberships (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      title text NOT NULL DEFAULT '' CHECK (length(title) <= 100),
      permissions text[] NOT NULL DEFAULT '{}' CHECK (permissions <@ ARRAY['profile','contacts','users','services','invoices','tickets','emails','support_contacts','telephony']::text[]),
      -- 'all' account numbers, or only those assigned in membership_account_numbers
      account_scope text NOT NULL DEFAULT 'all' CHECK (account_scope IN ('all', 'assigned')),
      default_app text,
      invited_at timestamptz,
      accepted_at timestamptz,
      blocked_at timestamptz,
      blocked_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT memberships_user_account_key UNIQUE (user_id, account_id),
      -- lets membership_account_numbers prove both sides belong to one account
      CONSTRAINT memberships_id_account_key UNIQUE (id, account_id),
      CONSTRAINT memberships_owner_not_blocked CHECK (role <> 'owner' OR blocked_at IS NULL)
    );
    CREATE UNIQUE INDEX memberships_one_owner_per_account ON memberships (account_id) WHERE role = 'owner';
    CREATE INDEX memberships_account_id_idx ON memberships (account_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE memberships');
}
