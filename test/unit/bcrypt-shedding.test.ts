import { BCRYPT_CONCURRENCY, bcryptQueueLimit, hashSecret, verifySecret } from '../../src/services/passwords';
import { ServiceBusyError } from '../../src/domain/errors';

/** Issue 22 item 10: a sign-in storm sheds what would wait more than a few seconds for a bcrypt slot. */
describe('bcrypt slots under a storm', () => {
  it('answers at once with ServiceBusyError past the queue limit, and the queue never holds more', async () => {
    const hash = await hashSecret('una frase de prueba');
    const limit = bcryptQueueLimit();
    expect(limit).toBeLessThan(100);
    const started = Date.now();
    const shedAt: number[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () =>
        verifySecret('una frase de prueba', hash).then(
          (ok) => (ok ? 'ok' : 'wrong'),
          (err: unknown) => {
            shedAt.push(Date.now() - started);
            return err instanceof ServiceBusyError && err.status === 503 ? 'busy' : 'error';
          },
        ),
      ),
    );
    const accepted = outcomes.filter((o) => o === 'ok').length;
    expect(outcomes.filter((o) => o === 'error')).toEqual([]);
    expect(outcomes.filter((o) => o === 'busy').length).toBeGreaterThan(0);
    // What was let in: the running slots and the queue, no more.
    expect(accepted).toBeLessThanOrEqual(BCRYPT_CONCURRENCY + limit);
    // Shed at once, not after waiting.
    expect(Math.max(...shedAt)).toBeLessThan(500);
  }, 60_000);
});
