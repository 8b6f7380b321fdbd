import type { Knex } from 'knex';

/*
 * Who receives a category of mail (the «Facturas» contacts of a new invoice, the «Productos» or
 * «Dominios» ones of a service) is a handful of an account's contacts, and a big account has
 * 100,000: one small partial index per category finds them without walking the others. The query
 * names the category as a literal (recipientsWithLocales in src/models/contacts.ts), written exactly
 * as the predicate here, so the planner can match it. «Generales» has none: nearly every contact
 * has it, and the account's own index (contacts_account_name_idx) serves that as well.
 */
const CATEGORIES = ['invoice', 'support', 'product', 'domain', 'affiliate'];

export async function up(knex: Knex): Promise<void> {
  for (const category of CATEGORIES)
    await knex.raw(
      `CREATE INDEX contacts_${category}_recipients_idx ON contacts (account_id, id) WHERE '${category}' = ANY (email_types)`,
    );
}

export async function down(knex: Knex): Promise<void> {
  for (const category of CATEGORIES) await knex.raw(`DROP INDEX contacts_${category}_recipients_idx`);
}
