import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { templateNames } from '../../src/views/template-names';

const names = (text: string) => templateNames(text, '/views/page.ejs');

describe('the names a template reads', () => {
  it('are the identifiers of its code, not properties, words of the language or ejs’s own', () => {
    const found = names(
      "<% if (rows.length) { %><% rows.forEach(function (r) { %><%= t('x.y', { count: r.total }) %><% }) %><% } %>" +
        "<%- include('part', { title: heading }) %><%= typeof pageClass !== 'undefined' ? pageClass : '' %>",
    )!;
    expect(found.locals.sort()).toEqual(['count', 'heading', 'include', 'pageClass', 'r', 'rows', 't', 'title']);
    expect(found.globals).toEqual([]);
  });

  it('skip strings, comments and regular expressions, and keep globals apart', () => {
    const found = names(
      "<%# a comment with words %><% var fid = 'field-' + name.replace(/[^a-z0-9_-]/gi, '-'); /* note */ %>" +
        '<%= encodeURIComponent(path) %> <%= Number(n) / 2 %> <%= JSON.stringify({ "a b": 1e5 }) %>',
    )!;
    expect(found.locals.sort()).toEqual(['fid', 'n', 'name', 'path']);
    expect(found.globals.sort()).toEqual(['JSON', 'Number', 'encodeURIComponent']);
  });

  it('leave out the name of a function the template declares', () => {
    expect(names('<% function row(x) { return x; } %><%= row(value) %>')!.locals.sort()).toEqual(['value', 'x']);
  });

  it('give up on a template literal (the template keeps ejs’s with)', () => {
    expect(names('<%= `${a}` %>')).toBeNull();
  });
});

describe('the views of the app', () => {
  const root = path.join(__dirname, '..', '..', 'views');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return files(file);
      return e.name.endsWith('.ejs') ? [file] : [];
    });

  it.each(files(root).map((file) => [path.relative(root, file), file]))(
    '%s compiles with its locals as variables',
    (_name, file) => {
      const found = templateNames(fs.readFileSync(file, 'utf8'), file);
      expect(found).not.toBeNull();
      expect(() =>
        ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, _with: false, destructuredLocals: found!.locals }),
      ).not.toThrow();
    },
  );
});
