import type { Knex } from 'knex';

// The browsers a user has signed in with, known by a hash of the browser and system families
// (src/domain/user-agent.ts): a sign-in from one not seen before e-mails the user, once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE user_devices (
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
      browser text NOT NULL DEFAULT '' CHECK (length(browser) <= 100),
      os text NOT NULL DEFAULT '' CHECK (length(os) <= 100),
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, fingerprint)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE user_devices');
}
