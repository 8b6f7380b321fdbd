import bcrypt from 'bcrypt';
import { BCRYPT_CONCURRENCY, verifySecret } from '../../src/services/passwords';

describe('password comparisons', () => {
  afterEach(() => jest.restoreAllMocks());

  it('run at most BCRYPT_CONCURRENCY at once, so a burst of sign-ins leaves a core for other pages', async () => {
    const hash = await bcrypt.hash('correct horse', 4);
    const compare = bcrypt.compare.bind(bcrypt) as (data: string, encrypted: string) => Promise<boolean>;
    let inFlight = 0;
    let most = 0;
    jest.spyOn(bcrypt, 'compare').mockImplementation((async (data: string, encrypted: string) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await compare(data, encrypted);
      } finally {
        inFlight -= 1;
      }
    }) as never);

    const attempts = Array.from({ length: 8 }, (_, i) => verifySecret(i % 2 ? 'correct horse' : 'wrong', hash));
    const results = await Promise.all(attempts);

    expect(results).toEqual([false, true, false, true, false, true, false, true]);
    expect(BCRYPT_CONCURRENCY).toBeGreaterThanOrEqual(1);
    expect(most).toBe(BCRYPT_CONCURRENCY);
  });

  it('gives its slot back when a comparison fails', async () => {
    jest.spyOn(bcrypt, 'compare').mockImplementation((() => Promise.reject(new Error('broken hash'))) as never);
    const failed = await Promise.allSettled(Array.from({ length: 4 }, () => verifySecret('x', 'stored')));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    jest.restoreAllMocks();
    // Every slot was given back: a later comparison still runs.
    await expect(verifySecret('a', await bcrypt.hash('a', 4))).resolves.toBe(true);
  });
});
