import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn } from '../helpers/agent';
import { createMember } from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

type Line = Record<string, unknown> & { msg: string };

/** The app as it runs, logging at `level` into an array of parsed JSON lines. */
function loggedApp(level: string) {
  const lines: Line[] = [];
  const logger = pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s) as Line) });
  const app = createApp({ ...t.deps, logger });
  return { app, requests: () => lines.filter((l) => l.msg === 'request completed' || l.msg === 'request errored') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request log', () => {
  it('writes one line per request: its id (the X-Request-Id header), method, path, status and time', async () => {
    const { app, requests } = loggedApp('info');
    const first = await request(app).get('/login');
    const second = await request(app).get('/no/such/page');
    expect(first.status).toBe(200);
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const [one, two] = requests();
    expect(requests()).toHaveLength(2);
    expect(one).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: first.headers['x-request-id'], method: 'GET', path: '/login' },
      res: { status: 200 },
    });
    expect(typeof one.responseTime).toBe('number');
    expect(two).toMatchObject({
      req: { id: second.headers['x-request-id'], path: '/no/such/page' },
      res: { status: 404 },
    });
  });

  it('never logs a query string, a token in the path, headers or cookies', async () => {
    const { app, requests } = loggedApp('info');
    const owner = await createMember(t.db);
    const agent = await signIn(app, owner.email);
    await agent.get('/contacts?after=12&secret=query-value');
    await request(app).get('/invitations/inv-token-value-123');
    await request(app).get('/password/reset/reset-token-value-456?x=1');
    const lines = requests();
    const text = JSON.stringify(lines);
    for (const secret of ['query-value', 'inv-token-value-123', 'reset-token-value-456', 'cookie', 'headers']) {
      expect(text).not.toContain(secret);
    }
    const paths = lines.map((l) => (l.req as { path: string }).path);
    expect(paths).toEqual(expect.arrayContaining(['/contacts', '/invitations/[token]', '/password/reset/[token]']));
  });

  it('writes no request lines at LOG_LEVEL=warn, and still gives each response its id', async () => {
    const { app, requests } = loggedApp('warn');
    const response = await request(app).get('/login');
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(requests()).toHaveLength(0);
  });
});
