import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn } from '../helpers/agent';
import { createMember } from '../helpers/factories';
import { startProxy, type CuttableProxy } from '../helpers/proxy';

let t: TestApp;
let proxy: CuttableProxy;

beforeAll(async () => {
  const serverPort = Number(new URL(process.env.CUENTAS_TEST_SERVER_URL!).port);
  proxy = await startProxy(serverPort);
  t = await buildTestApp({
    databaseUrl: (url) => {
      const u = new URL(url);
      u.port = String(proxy.port);
      return u.toString();
    },
  });
});
afterAll(async () => {
  await t.close();
  await proxy.close();
});

it('answers 503 pages while the database is away and recovers by itself when it returns', async () => {
  const owner = await createMember(t.db, { firstName: 'Olga' });
  const agent = await signIn(t.app, owner.email);
  expect((await agent.get('/')).status).toBe(200);

  proxy.cut();
  const signedIn = await agent.get('/');
  expect(signedIn.status).toBe(503);
  expect(signedIn.headers['retry-after']).toBe('5');
  expect(signedIn.text).toContain('Servicio no disponible por el momento');
  expect(signedIn.text).not.toMatch(/at \w+ \(|Error:/);

  // The sign-in form needs no database since it opens no session (issue 22): it is still shown.
  const anonymous = await request(t.app).get('/login');
  expect(anonymous.status).toBe(200);
  expect((await request(t.app).get('/readyz')).status).toBe(503);
  expect((await request(t.app).get('/healthz')).status).toBe(200);
  // Signed in too: health checks answer before the session is read.
  expect((await agent.get('/healthz')).status).toBe(200);

  proxy.restore();
  const back = await agent.get('/');
  expect(back.status).toBe(200);
  expect(back.text).toContain('Hola, Olga');
  expect((await request(t.app).get('/readyz')).status).toBe(200);
});
