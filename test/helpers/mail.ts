import type { Db } from '../../src/db/knex';

/** The newest queued message of a template to an address. */
export async function lastMail(db: Db, template: string, to: string) {
  return db('mail_outbox').where({ template }).whereRaw('? = ANY(to_addresses)', [to]).orderBy('id', 'desc').first();
}

/** The path of the first link to this app in the newest message of a template to an address. */
export async function linkInMail(db: Db, template: string, to: string): Promise<string> {
  const mail = await lastMail(db, template, to);
  if (!mail) throw new Error(`no ${template} e-mail to ${to}`);
  const match = /https?:\/\/[^/\s]+(\/[^\s]+)/.exec(mail.text_body);
  if (!match) throw new Error(`no link in the ${template} e-mail`);
  return match[1];
}
