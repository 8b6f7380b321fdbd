import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function stylesheetUrl(): Promise<string> {
  const page = await request(t.app).get('/login');
  const url = /<link rel="stylesheet" href="([^"]+)">/.exec(page.text)?.[1];
  if (!url) throw new Error('no stylesheet on the sign-in page');
  return url;
}

describe('static files', () => {
  it('are linked by a name that changes with their content and kept by browsers for good', async () => {
    const url = await stylesheetUrl();
    expect(url).toMatch(/^\/assets\/css\/app\.[0-9a-f]{10}\.css$/);

    const css = await request(t.app).get(url).set('Accept-Encoding', 'identity');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.text).toContain('.site-header');

    const again = await request(t.app).get(url).set('If-None-Match', css.headers.etag);
    expect(again.status).toBe(304);
  });

  it('are sent compressed to browsers that accept gzip', async () => {
    const response = await request(t.app)
      .get(await stylesheetUrl())
      .set('Accept-Encoding', 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.text).toContain('.site-header');
  });

  it('are served only under /assets and only by their fingerprinted names', async () => {
    for (const path of [
      '/css/app.css',
      '/assets/css/app.css',
      '/assets/css/app.0000000000.css',
      '/assets/../package.json',
    ])
      expect((await request(t.app).get(path)).status).toBe(404);
    const session = await request(t.app).get('/assets/nothing-here.css');
    expect(session.headers['set-cookie']).toBeUndefined();
  });
});
