import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE membership_account_numbers (
      membership_id bigint NOT NULL,
      account_number_id bigint NOT NULL,
      account_id bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (membership_id, account_number_id),
      FOREIGN KEY (membership_id, account_id) REFERENCES memberships (id, account_id) ON DELETE CASCADE,
      FOREIGN KEY (account_number_id, account_id) REFERENCES account_numbers (id, account_id) ON DELETE CASCADE
    );
    CREATE INDEX membership_account_numbers_number_idx ON membership_account_numbers (account_number_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE membership_account_numbers');
}
