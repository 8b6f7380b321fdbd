import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE contacts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      -- set when the contact is a sub-account (sub-cuenta activada) or a portal user of the account
      user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
      last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
      company text NOT NULL DEFAULT '' CHECK (length(company) <= 120),
      email text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%' AND length(email) <= 254),
      phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
      address1 text NOT NULL DEFAULT '' CHECK (length(address1) <= 200),
      address2 text NOT NULL DEFAULT '' CHECK (length(address2) <= 200),
      city text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
      state text NOT NULL DEFAULT '' CHECK (length(state) <= 100),
      postcode text NOT NULL DEFAULT '' CHECK (length(postcode) <= 20),
      country char(2) CHECK (country ~ '^[A-Z]{2}$'),
      email_types text[] NOT NULL DEFAULT '{}' CHECK (email_types <@ ARRAY['general','invoice','support','product','domain','affiliate']::text[]),
      authorization_status text NOT NULL DEFAULT 'authorized' CHECK (authorization_status IN ('authorized', 'unverified', 'rejected')),
      validated_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      validated_at timestamptz,
      validation_note text NOT NULL DEFAULT '' CHECK (length(validation_note) <= 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT contacts_account_user_key UNIQUE (account_id, user_id),
      CONSTRAINT contacts_account_email_key UNIQUE (account_id, email)
    );
    CREATE INDEX contacts_email_idx ON contacts (email);
    CREATE INDEX contacts_account_name_idx ON contacts (account_id, last_name, first_name, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE contacts');
}
