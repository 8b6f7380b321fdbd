import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { templateNames } from './template-names';

/**
 * The EJS view engine of the app: ejs compiles and escapes the templates, this file loads them,
 * runs their `include()`s and gives them their locals.
 *
 * - **Includes.** ejs's own `include()` costs, on every call and even with its template cache on,
 *   a check that the file exists (a system call) and two copies of every local (about forty: the
 *   app's, the response's and Express's); a page makes five to thirty of them. Here a template is
 *   compiled once (when `cache` is on: production), an include's file is found once per place it
 *   is written, and an included template sees its caller's locals through its prototype instead of
 *   a copy: reading `title` or `current` finds them, and what it assigns stays its own.
 * - **Locals as variables.** ejs runs a template inside `with (locals)`, where every name the
 *   template reads (`t`, a row, and ejs's own `__append` and `escapeFn`, several times a line) is
 *   looked up at run time and the function is never optimised. Here each template is compiled
 *   with the names it reads declared as variables taken from the locals at its start
 *   (`destructuredLocals`, src/views/template-names.ts finds them), so it runs as plain
 *   JavaScript. A template reads what it read before: a local that is absent is `undefined`,
 *   `typeof x` works as it did, and a name that is also a global (`Number`, `JSON`) stays the
 *   global; with the cache off (development, tests) a render fails if a local would hide one.
 *
 * The locals are never reached through `Object.prototype` (the root of the chain has no
 * prototype, as ejs's copy has none), so a polluted prototype cannot lend a template a value.
 */

export type Locals = Record<string, unknown>;

export interface ViewEngine {
  /** Renders a template file with these locals (a copy is made; the object is not changed). */
  render(filename: string, locals: Locals): string;
  /** Express's engine signature (`app.engine('ejs', engine.express)`). */
  express(filename: string, options: object, callback: (err: unknown, html?: string) => void): void;
}

interface Compiled {
  run: ejs.TemplateFunction;
  /** Globals the template reads, which a local of the same name must not hide. */
  globals: string[];
}

function compileFile(filename: string): Compiled {
  const source = readFileSync(filename, 'utf8').replace(/^\uFEFF/, '');
  const names = templateNames(source, filename);
  // The locals object is ours and has no prototype (below): ejs need not copy it again.
  const options = { filename, unsafePrototypeLocals: true } as ejs.Options;
  const compile = (extra: ejs.Options = {}) => ejs.compile(source, { ...options, ...extra }) as ejs.TemplateFunction;
  if (!names) return { run: compile(), globals: [] };
  return {
    run: compile({ _with: false, destructuredLocals: names.locals }),
    globals: names.globals,
  };
}

export function createViewEngine(viewsDir: string, cache: boolean): ViewEngine {
  const templates = new Map<string, Compiled>();
  const includes = new Map<string, string>();

  function compiled(filename: string): Compiled {
    let template = cache ? templates.get(filename) : undefined;
    if (!template) {
      template = compileFile(filename);
      if (cache) templates.set(filename, template);
    }
    return template;
  }

  /** As ejs finds an include: beside the file that includes it, else under views/; `.ejs` when no extension. */
  function find(dir: string, name: string): string {
    const key = `${dir}\0${name}`;
    let filename = cache ? includes.get(key) : undefined;
    if (filename) return filename;
    const file = path.extname(name) ? name : `${name}.ejs`;
    const candidates = [path.resolve(dir, file), path.resolve(viewsDir, file)];
    filename = candidates.find((candidate) => existsSync(candidate));
    if (!filename) throw new Error(`Could not find the include file "${name}" (from ${dir})`);
    if (cache) includes.set(key, filename);
    return filename;
  }

  function run(filename: string, scope: Locals): string {
    const dir = path.dirname(filename);
    const template = compiled(filename);
    if (!cache) {
      const hidden = template.globals.find((name) => name in scope);
      if (hidden) throw new Error(`${filename}: the local "${hidden}" has the name of a global the template reads`);
    }
    // The template's own `include` (ejs's would look for the file and copy the locals each time).
    scope.include = (name: string, data?: Locals) => {
      const child = Object.create(scope) as Locals;
      if (data) Object.assign(child, data);
      return run(find(dir, name), child);
    };
    return template.run(scope);
  }

  function render(filename: string, locals: Locals): string {
    return run(filename, Object.assign(Object.create(null) as Locals, locals));
  }

  return {
    render,
    express(filename, options, callback) {
      let html: string;
      try {
        html = render(filename, options as Locals);
      } catch (err) {
        callback(err);
        return;
      }
      callback(null, html);
    },
  };
}
