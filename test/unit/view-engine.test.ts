import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import { createViewEngine } from '../../src/views/engine';

/** A views folder of small templates, written for each test. */
function viewsWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuentas-views-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PAGE = {
  'area/things/index.ejs':
    "<%- include('../../partials/top', { title: 'Lista' }) %>[<%= title %>|<%= name %>]<%- include('_row', { n: 1 }) %>" +
    "<%- include('_row', { n: 2 }) %><%- include('../../partials/bottom') %>",
  'area/things/_row.ejs': '<li><%= n %>:<%= name %></li>',
  'partials/top.ejs': "<title><%= title %></title><%- include('menu') %>",
  'partials/menu.ejs': '<nav><%= name %></nav>',
  'partials/bottom.ejs': "<footer><%= typeof title !== 'undefined' ? title : 'none' %></footer>",
};

describe('view engine', () => {
  it.each([true, false])('renders a page and its includes as ejs does (cache %s)', (cache) => {
    const dir = viewsWith(PAGE);
    const file = path.join(dir, 'area/things/index.ejs');
    const locals = { name: '<Ana & "Bo">', title: 'Página' };
    const engine = createViewEngine(dir, cache);
    const ours = engine.render(file, locals);
    expect(ours).toBe(ejs.render(fs.readFileSync(file, 'utf8'), locals, { filename: file }));
    expect(ours).toBe(
      '<title>Lista</title><nav>&lt;Ana &amp; &#34;Bo&#34;&gt;</nav>[Página|&lt;Ana &amp; &#34;Bo&#34;&gt;]' +
        '<li>1:&lt;Ana &amp; &#34;Bo&#34;&gt;</li><li>2:&lt;Ana &amp; &#34;Bo&#34;&gt;</li><footer>Página</footer>',
    );
    // Rendering again (from the cache, or afresh) gives the same page and leaves the locals alone.
    expect(engine.render(file, locals)).toBe(ours);
    expect(locals).toEqual({ name: '<Ana & "Bo">', title: 'Página' });
  });

  it("keeps what an include assigns or is given to itself: the caller's locals do not change", () => {
    const dir = viewsWith({
      'page.ejs': "<%- include('part', { extra: 'x' }) %>|<%= title %>|<%= typeof extra %>",
      'part.ejs': "<% title = 'changed'; %><%= title %>,<%= extra %>",
    });
    expect(createViewEngine(dir, true).render(path.join(dir, 'page.ejs'), { title: 'original' })).toBe(
      'changed,x|original|undefined',
    );
  });

  it('finds an include under views/ when it is not beside the file, and names one that is nowhere', () => {
    const dir = viewsWith({
      'a/b/page.ejs': "<%- include('partials/csrf') %>",
      'partials/csrf.ejs': 'token',
      'a/missing.ejs': "<%- include('nowhere') %>",
    });
    const engine = createViewEngine(dir, true);
    expect(engine.render(path.join(dir, 'a/b/page.ejs'), {})).toBe('token');
    expect(() => engine.render(path.join(dir, 'a/missing.ejs'), {})).toThrow(/nowhere/);
  });

  it('reports the template and line of an error in it', () => {
    const dir = viewsWith({ 'page.ejs': 'a\n<%= missing.value %>' });
    expect(() => createViewEngine(dir, true).render(path.join(dir, 'page.ejs'), {})).toThrow(/page\.ejs:2/);
  });

  it("cannot be turned by a polluted Object.prototype into skipping the escaping (ejs's own guarantee)", () => {
    const dir = viewsWith({ 'page.ejs': "<%= '<b>' %>|<%- include('part') %>", 'part.ejs': "<%= '<i>' %>" });
    const proto = Object.prototype as Record<string, unknown>;
    proto.escapeFn = (s: string) => s;
    proto.__append = () => undefined;
    try {
      expect(createViewEngine(dir, true).render(path.join(dir, 'page.ejs'), {})).toBe('&lt;b&gt;|&lt;i&gt;');
    } finally {
      delete proto.escapeFn;
      delete proto.__append;
    }
  });

  it('reads its locals as variables: an absent one is undefined, a global stays the global', () => {
    const dir = viewsWith({
      'page.ejs':
        '<%= typeof missing %>|<%= Number(n) + 1 %>|<% rows.forEach(function (r) { %><%= r %>,<% }) %>|<%= locals.n %>',
    });
    expect(createViewEngine(dir, true).render(path.join(dir, 'page.ejs'), { n: '41', rows: ['a', 'b'] })).toBe(
      'undefined|42|a,b,|41',
    );
  });

  it('refuses, with the cache off (development, tests), a local that would hide a global the template reads', () => {
    const dir = viewsWith({ 'page.ejs': '<%= JSON.stringify(value) %>' });
    const engine = createViewEngine(dir, false);
    expect(engine.render(path.join(dir, 'page.ejs'), { value: [1] })).toBe('[1]');
    expect(() => engine.render(path.join(dir, 'page.ejs'), { value: [1], JSON: {} })).toThrow(/"JSON"/);
  });

  it('reads a template afresh on every render when the cache is off (development)', () => {
    const dir = viewsWith({ 'page.ejs': 'one' });
    const engine = createViewEngine(dir, false);
    expect(engine.render(path.join(dir, 'page.ejs'), {})).toBe('one');
    fs.writeFileSync(path.join(dir, 'page.ejs'), 'two');
    expect(engine.render(path.join(dir, 'page.ejs'), {})).toBe('two');
  });
});
