import fs from 'node:fs';
import path from 'node:path';

/**
 * Issue 24 (memory): the web process's V8 heap options are a production setting. `npm start` runs
 * them, `npm run bench` reads them from there (bench/processes.ts), and docs/operations.md gives
 * the same command for a process started with `node` directly: the three must not drift apart.
 */
const root = path.resolve(__dirname, '../..');
const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start;

test('npm start runs the built server with the heap options', () => {
  expect(start).toMatch(/^node( --[a-z-]+=\d+)+ dist\/src\/server\.js$/);
  expect(start).toContain('--max-semi-space-size=');
  expect(start).toContain('--max-old-space-size=');
});

test('docs/operations.md starts the web process with the same command', () => {
  const operations = fs.readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
  expect(operations).toContain(`| **web** | \`${start}\``);
  expect(operations).toContain(`ExecStart=/usr/bin/${start}`);
});
