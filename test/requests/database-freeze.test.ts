import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn } from '../helpers/agent';
import { createMember } from '../helpers/factories';
import { startProxy, type CuttableProxy } from '../helpers/proxy';

// Issue 11, items 1–3: a frozen database (SIGSTOP, a storage stall) answers 503 quickly, keeps
// every session, and the app serves normally the moment the database returns.
let t: TestApp;
let proxy: CuttableProxy;

beforeAll(async () => {
  const serverPort = Number(new URL(process.env.CUENTAS_TEST_SERVER_URL!).port);
  proxy = await startProxy(serverPort);
  t = await buildTestApp({
    env: {
      DB_ACQUIRE_TIMEOUT_MS: '600',
      DB_CONNECT_TIMEOUT_MS: '600',
      DB_STATEMENT_TIMEOUT_MS: '600',
      DB_QUERY_TIMEOUT_MS: '700',
    },
    databaseUrl: (url) => {
      const u = new URL(url);
      u.port = String(proxy.port);
      return u.toString();
    },
  });
});
afterAll(async () => {
  proxy.thaw();
  await t.close();
  await proxy.close();
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

it('answers 503 with Retry-After within seconds, keeps the session, and recovers by itself', async () => {
  const owner = await createMember(t.db, { firstName: 'Fina' });
  const agent = await signIn(t.app, owner.email);
  expect((await agent.get('/')).status).toBe(200);
  const sessionsBefore = await t.db('session').count({ n: '*' }).first();

  proxy.freeze();
  try {
    for (let i = 0; i < 3; i++) {
      const signedIn = await timed(() => agent.get('/'));
      expect(signedIn.result.status).toBe(503);
      expect(signedIn.result.headers['retry-after']).toBe('5');
      expect(signedIn.result.text).toContain('Servicio no disponible por el momento');
      expect(signedIn.ms).toBeLessThan(2500);
    }
    // The sign-in form opens no session (issue 22), so it is shown without the database.
    const anonymous = await timed(() => request(t.app).get('/login'));
    expect(anonymous.result.status).toBe(200);
    expect(anonymous.ms).toBeLessThan(2500);
    // Several at once: the pools are busy with stuck connections, and still every answer is quick.
    const burst = await timed(() => Promise.all(Array.from({ length: 8 }, () => agent.get('/tickets'))));
    expect(burst.result.map((r) => r.status)).toEqual(Array(8).fill(503));
    expect(burst.ms).toBeLessThan(4000);
  } finally {
    proxy.thaw();
  }

  // Nobody was signed out by the brownout.
  expect(await t.db('session').count({ n: '*' }).first()).toEqual(sessionsBefore);
  const back = await agent.get('/');
  expect(back.status).toBe(200);
  expect(back.text).toContain('Hola, Fina');
});

it('keeps the session when reading it fails (a stuck connection) even though the database answers again', async () => {
  const owner = await createMember(t.db, { firstName: 'Gala' });
  const agent = await signIn(t.app, owner.email);
  expect((await agent.get('/')).status).toBe(200);
  const sessionsBefore = await t.db('session').count({ n: '*' }).first();

  proxy.stallOpenConnections();
  try {
    // The read waits on a stuck pooled connection and gives up; anything else would find a new one.
    const stuck = await agent.get('/');
    expect(stuck.status).toBe(503);
  } finally {
    proxy.thaw();
  }
  expect(await t.db('session').count({ n: '*' }).first()).toEqual(sessionsBefore);
  expect((await agent.get('/')).text).toContain('Hola, Gala');
});
