/* HTTP load: autocannon for pages, and a storm of real sign-ins (bcrypt) to run beside them. */
import autocannon from 'autocannon';

export interface PageResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses other than the expected status, plus socket errors and timeouts. */
  unexpected: number;
  /** Sign-ins the app shed on purpose (503 with Retry-After: the bcrypt queue was full). */
  shed?: number;
}

/** A few hundred requests first, so JIT, the view cache and the pool warm up outside the measured run. */
export async function warmUp(
  url: string,
  options: { connections: number; amount: number; cookie?: string; headers?: Record<string, string> },
) {
  const headers = { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers };
  await autocannon({ url, connections: options.connections, amount: options.amount, headers });
}

/**
 * `url` under `connections` for `seconds`; `requests` (autocannon's) for another method, a body or
 * a path per request. Any status but `expect` counts as unexpected.
 */
export async function loadPage(
  url: string,
  options: {
    seconds: number;
    connections: number;
    expect: number;
    cookie?: string;
    headers?: Record<string, string>;
    requests?: autocannon.Request[];
  },
): Promise<PageResult> {
  const headers = { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers };
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers,
    requests: options.requests,
  });
  const wrongStatus = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => Number(code) !== options.expect)
    .reduce((n, [, stats]) => n + (stats.count ?? 0), 0);
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || options.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    unexpected: wrongStatus + result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `concurrency` visitors signing in over and over with the right password (GET /login for the
 * token, POST /login: one bcrypt comparison each) until `stop` resolves. A sign-in the app sheds
 * (503 with Retry-After, when the bcrypt queue would make it wait too long) is the designed answer,
 * not an error: it is counted apart, and that visitor waits as long as Retry-After says, as a person
 * would, before trying again. Only sign-ins that went through count towards the rate and latencies.
 */
export async function signInStorm(
  base: string,
  login: { email: string; password: string },
  concurrency: number,
  stop: Promise<unknown>,
): Promise<PageResult> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const latencies: number[] = [];
  let unexpected = 0;
  let shed = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped) {
        try {
          const page = await fetch(`${base}/login`);
          const cookie = page.headers.getSetCookie()[0]?.split(';')[0] ?? '';
          const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
          const t0 = performance.now();
          const response = await fetch(`${base}/login`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: csrf, ...login }).toString(),
          });
          await response.arrayBuffer();
          const retryAfter = Number(response.headers.get('retry-after'));
          if (response.status === 503 && retryAfter > 0) {
            shed += 1;
            await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))]);
            continue;
          }
          latencies.push(performance.now() - t0);
          if (response.status !== 303) unexpected += 1;
        } catch {
          unexpected += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    unexpected,
    shed,
  };
}

/**
 * `concurrency` billing systems provisioning customer accounts through the API for `seconds`: each
 * POST /api/v1/accounts has its own Idempotency-Key and an admin invited by e-mail (the invite mode).
 */
export async function measureAccountCreates(
  base: string,
  token: string,
  options: { seconds: number; concurrency: number },
): Promise<PageResult> {
  const latencies: number[] = [];
  let unexpected = 0;
  let n = 0;
  const run = `${process.pid}-${Date.now()}`;
  const until = Date.now() + options.seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (Date.now() < until) {
        const i = n++;
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/accounts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${run}-${i}`,
          },
          body: JSON.stringify({
            name: `Bench ${run} ${i}`,
            timezone: 'America/Monterrey',
            locale: 'es',
            admin: { first_name: 'Ana', last_name: 'Bench', email: `bench-${run}-${i}@bench.example`, mode: 'invite' },
            initial_credit: '100.00',
            support_contacts: [{ email: `soporte-${run}-${i}@bench.example` }],
          }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 201) unexpected++;
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  const elapsed = (Date.now() - started) / 1000;
  return {
    requests: latencies.length,
    perSecond: (latencies.length - unexpected) / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    unexpected,
  };
}
