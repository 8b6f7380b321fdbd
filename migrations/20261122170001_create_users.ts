import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%' AND length(email) <= 254),
      first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
      last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
      department text NOT NULL DEFAULT '' CHECK (length(department) <= 100),
      employee_number text NOT NULL DEFAULT '' CHECK (length(employee_number) <= 50),
      -- NULL until the person registers from an invitation
      password_hash text,
      -- bumped whenever credentials change or access is revoked; sessions carrying an older value end
      session_version integer NOT NULL DEFAULT 0,
      locale text NOT NULL DEFAULT 'es' CHECK (locale IN ('es', 'en')),
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (email);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE users');
}
