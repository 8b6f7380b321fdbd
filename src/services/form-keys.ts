import type { AppDeps } from '../app-deps';
import { claimFormKey, formKeyResult, isFormKeyBusy, recordFormResult, releaseFormKey } from '../models/form-keys';

/** What a create submission came to: done now, a repeat of one already done, or a unique-key race lost. */
export type Submission<R> = { kind: 'done'; result: R } | { kind: 'repeat'; path: string } | { kind: 'conflict' };

/** How long a repeat waits for the first submission with its key to finish (it may be sending mail). */
const REPEAT_WAIT_MS = 4000;

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a create once per form key (issue 11, item 6). The key is claimed in the same transaction
 * as the work — `work` receives deps whose `db` and `mailer` are that transaction — and records
 * where the result leads (`pathOf`; null for a refusal, which frees the key for the corrected
 * form). The same submission arriving while the first is still at work (a double click) waits for
 * it, polling rather than holding a lock, and gets its path instead of a duplicate; one arriving
 * later gets the path at once. Without a key the work simply runs. Either way a unique-key
 * violation (two different submissions racing for the same e-mail…) is a conflict for the form to
 * show as 422, never a 500.
 */
export async function submitOnce<R>(
  deps: AppDeps,
  submission: { key: string | null; userId: number },
  work: (deps: AppDeps) => Promise<R>,
  pathOf: (result: R) => string | null,
): Promise<Submission<R>> {
  const { key, userId } = submission;
  const deadline = Date.now() + REPEAT_WAIT_MS;
  for (;;) {
    try {
      return await deps.db.transaction(async (trx): Promise<Submission<R>> => {
        if (key && !(await claimFormKey(trx, key, userId))) {
          const path = await formKeyResult(trx, key, userId);
          if (path) return { kind: 'repeat', path };
        }
        const result = await work({ ...deps, db: trx, mailer: deps.mailer.within(trx) });
        const path = pathOf(result);
        if (key && path !== null) await recordFormResult(trx, key, path);
        else if (key) await releaseFormKey(trx, key);
        return { kind: 'done', result };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { kind: 'conflict' };
      // The first submission with this key is still at work: try again shortly (it either
      // finishes — a repeat — or is refused and frees the key).
      if (key && isFormKeyBusy(err) && Date.now() < deadline) {
        await sleep(100);
        continue;
      }
      if (key && isFormKeyBusy(err)) return { kind: 'conflict' };
      throw err;
    }
  }
}
