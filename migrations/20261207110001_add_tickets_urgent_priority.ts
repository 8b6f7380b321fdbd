import type { Knex } from 'knex';

// «Urgente» above «Alta»: the helpdesk's first-response targets start at one hour for it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE tickets DROP CONSTRAINT tickets_priority_check;
    ALTER TABLE tickets ADD CONSTRAINT tickets_priority_check CHECK (priority IN ('low', 'medium', 'high', 'urgent'));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    UPDATE tickets SET priority = 'high' WHERE priority = 'urgent';
    ALTER TABLE tickets DROP CONSTRAINT tickets_priority_check;
    ALTER TABLE tickets ADD CONSTRAINT tickets_priority_check CHECK (priority IN ('low', 'medium', 'high'));
  `);
}
