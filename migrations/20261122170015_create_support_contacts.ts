import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE support_contacts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      -- either a partner (a user of the reseller) or a plain e-mail address
      partner_user_id bigint REFERENCES users (id) ON DELETE CASCADE,
      email text CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%' AND length(email) <= 254),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT support_contacts_one_target CHECK ((partner_user_id IS NULL) <> (email IS NULL)),
      CONSTRAINT support_contacts_partner_key UNIQUE (account_id, partner_user_id),
      CONSTRAINT support_contacts_email_key UNIQUE (account_id, email)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE support_contacts');
}
