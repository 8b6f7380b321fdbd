import type { Knex } from 'knex';

/**
 * Data backfill (idempotent): events recorded before the app took `::ffff:a.b.c.d` back to `a.b.c.d`
 * (src/middleware/client-ip.ts) show their IPv4 client the same way as new ones.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("UPDATE audit_events SET ip = substr(ip, 8) WHERE ip ~* '^::ffff:[0-9]{1,3}(\\.[0-9]{1,3}){3}$'");
}

export async function down(): Promise<void> {
  // Nothing to undo: the plain address is the same client.
}
