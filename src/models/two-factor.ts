import type { Db } from '../db/knex';

/** A user's TOTP credential; `enabled_at` is null while it is being set up. */
export interface TwoFactorCredential {
  user_id: number;
  secret_ciphertext: string;
  enabled_at: Date | null;
  last_used_step: number | null;
}

export async function findCredential(db: Db, userId: number): Promise<TwoFactorCredential | undefined> {
  return db<TwoFactorCredential>('two_factor_credentials')
    .where({ user_id: userId })
    .first('user_id', 'secret_ciphertext', 'enabled_at', 'last_used_step');
}

/**
 * A secret being set up, unless one already is (or the factor is on): the page shows the same
 * secret on every visit until a code confirms it. Returns the row as it now stands.
 */
export async function insertPendingCredential(
  db: Db,
  userId: number,
  secretCiphertext: string,
): Promise<TwoFactorCredential> {
  await db('two_factor_credentials')
    .insert({ user_id: userId, secret_ciphertext: secretCiphertext })
    .onConflict('user_id')
    .ignore();
  return (await findCredential(db, userId))!;
}

/**
 * Turns the factor on with the step of the code that confirmed it; false when it was already on
 * (another tab confirmed first) or the set-up was abandoned meanwhile.
 */
export async function enableCredential(db: Db, userId: number, step: number): Promise<boolean> {
  const rows = await db('two_factor_credentials')
    .where({ user_id: userId })
    .whereNull('enabled_at')
    .update({ enabled_at: db.fn.now(), last_used_step: step, updated_at: db.fn.now() })
    .returning('user_id');
  return rows.length > 0;
}

/**
 * Records a used TOTP step, atomically: false when this step (or a later one) was already used,
 * so the same code submitted twice at once is accepted once.
 */
export async function claimStep(db: Db, userId: number, step: number): Promise<boolean> {
  const rows = await db('two_factor_credentials')
    .where({ user_id: userId })
    .whereNotNull('enabled_at')
    .andWhere((q) => {
      void q.whereNull('last_used_step').orWhere('last_used_step', '<', step);
    })
    .update({ last_used_step: step, updated_at: db.fn.now() })
    .returning('user_id');
  return rows.length > 0;
}

/** Removes the credential and every recovery code: the factor is off. True when there was one. */
export async function deleteCredential(db: Db, userId: number): Promise<boolean> {
  await db('two_factor_recovery_codes').where({ user_id: userId }).delete();
  const deleted = await db('two_factor_credentials').where({ user_id: userId }).delete();
  return deleted > 0;
}

/** Replaces the user's recovery codes with these (hashes). */
export async function replaceRecoveryCodes(db: Db, userId: number, codeHashes: string[]): Promise<void> {
  await db('two_factor_recovery_codes').where({ user_id: userId }).delete();
  await db('two_factor_recovery_codes').insert(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })));
}

/** Marks an unused recovery code used, atomically; false when it is unknown or was used already. */
export async function useRecoveryCode(db: Db, userId: number, codeHash: string): Promise<boolean> {
  const rows = await db('two_factor_recovery_codes')
    .where({ user_id: userId, code_hash: codeHash })
    .whereNull('used_at')
    .update({ used_at: db.fn.now() })
    .returning('id');
  return rows.length > 0;
}

export async function unusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const row = await db('two_factor_recovery_codes')
    .where({ user_id: userId })
    .whereNull('used_at')
    .count<{ count: number }[]>('* as count')
    .first();
  return Number(row?.count ?? 0);
}
