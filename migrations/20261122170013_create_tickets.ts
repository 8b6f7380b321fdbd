import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE tickets (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      -- public number shown as #NNNNNN, random so it reveals nothing about volume
      number char(6) NOT NULL CHECK (number ~ '^[0-9]{6}$'),
      opened_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
      opened_by_contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL,
      requester_email text NOT NULL CHECK (requester_email = lower(requester_email)),
      department text NOT NULL CHECK (department IN ('support', 'billing', 'sales')),
      priority text NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'customer_reply', 'on_hold', 'closed')),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      account_number_id bigint,
      service_id bigint,
      is_problem_report boolean NOT NULL DEFAULT false,
      source text NOT NULL DEFAULT 'portal' CHECK (source IN ('portal', 'email', 'staff')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_reply_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT tickets_number_key UNIQUE (number),
      FOREIGN KEY (account_number_id, account_id) REFERENCES account_numbers (id, account_id) ON DELETE SET NULL (account_number_id),
      FOREIGN KEY (service_id, account_id) REFERENCES services (id, account_id) ON DELETE SET NULL (service_id)
    );
    CREATE INDEX tickets_account_idx ON tickets (account_id, last_reply_at DESC, id DESC);
    CREATE INDEX tickets_status_idx ON tickets (status, last_reply_at DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE tickets');
}
