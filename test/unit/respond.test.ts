import express from 'express';
import session from 'express-session';
import request from 'supertest';
import { redirectWithError, redirectWithFlash, saveAndRedirect, submitFormOnce } from '../../src/controllers/respond';
import { newFormKey } from '../../src/forms/form-key';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createUser } from '../helpers/factories';

let t: TestApp;
let userId: number;
beforeAll(async () => {
  t = await buildTestApp();
  userId = (await createUser(t.db)).id;
});
afterAll(() => t.close());

/** A small app around the helpers: a real session (in memory), and a page that shows the flash it finds once. */
function appWith(routes: (app: express.Express) => void) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret: 'respond-test-secret', resave: false, saveUninitialized: false }));
  routes(app);
  app.get('/flash', (req, res) => {
    const flash = req.session.flash ?? null;
    delete req.session.flash; // shown once, as the app's view locals do
    res.json({ flash, visits: (req.session as { visits?: number }).visits ?? 0 });
  });
  return app;
}

describe('redirect helpers', () => {
  const app = appWith((a) => {
    a.post('/ok', (req, res) => redirectWithFlash(req, res, '/flash', 'flash.profile_saved', { name: 'Ana' }));
    a.post('/refused', (req, res) => redirectWithError(req, res, '/flash', 'flash.contact_self'));
    a.post('/step', (req, res) => {
      (req.session as { visits?: number }).visits = 1;
      return saveAndRedirect(req, res, '/flash');
    });
  });

  it('sets a success flash, saves the session and answers 303 to the path', async () => {
    const agent = request.agent(app);
    const response = await agent.post('/ok');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/flash');
    const next = await agent.get('/flash');
    expect(next.body.flash).toEqual({ kind: 'success', key: 'flash.profile_saved', params: { name: 'Ana' } });
  });

  it('sets an error flash for a refusal', async () => {
    const agent = request.agent(app);
    expect((await agent.post('/refused')).status).toBe(303);
    expect((await agent.get('/flash')).body.flash).toEqual({ kind: 'error', key: 'flash.contact_self', params: {} });
  });

  it('saves what the action changed in the session before redirecting, without a flash', async () => {
    const agent = request.agent(app);
    const response = await agent.post('/step');
    expect(response.status).toBe(303);
    expect((await agent.get('/flash')).body).toEqual({ flash: null, visits: 1 });
  });
});

describe('submitFormOnce', () => {
  let runs = 0;
  const app = appWith((a) => {
    a.post('/create', async (req, res) => {
      const body = req.body as { fail?: string };
      const submitted = await submitFormOnce(t.deps, req, res, {
        userId,
        work: async () => {
          runs += 1;
          if (body.fail) throw Object.assign(new Error('duplicate key'), { code: '23505' });
          return { id: runs };
        },
        pathOf: (created) => `/things/${created.id}`,
        conflict: () => res.status(422).send('conflict'),
      });
      if (!submitted) return;
      await redirectWithFlash(req, res, `/things/${submitted.result.id}`, 'flash.created');
    });
  });

  it('does the work once per form key: a repeat goes where the first went, with no second flash', async () => {
    const key = newFormKey();
    const agent = request.agent(app);
    const first = await agent.post('/create').type('form').send({ _form_key: key });
    expect(first.status).toBe(303);
    const path = first.headers.location;
    expect((await agent.get('/flash')).body.flash.key).toBe('flash.created');

    const before = runs;
    const repeat = await agent.post('/create').type('form').send({ _form_key: key });
    expect(repeat.status).toBe(303);
    expect(repeat.headers.location).toBe(path);
    expect(runs).toBe(before);
    expect((await agent.get('/flash')).body.flash).toBeNull();
  });

  it('runs the work every time without a key', async () => {
    const before = runs;
    await request(app).post('/create').type('form').send({});
    await request(app).post('/create').type('form').send({});
    expect(runs).toBe(before + 2);
  });

  it('answers a lost unique-key race with the form (conflict), never a 500', async () => {
    const response = await request(app).post('/create').type('form').send({ _form_key: newFormKey(), fail: '1' });
    expect(response.status).toBe(422);
    expect(response.text).toBe('conflict');
  });
});
