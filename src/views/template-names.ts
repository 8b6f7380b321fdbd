import ejs from 'ejs';

/** JavaScript words that cannot name a variable (in any mode), and the names ejs's compiled function uses itself. */
const NOT_LOCALS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
    'Infinity __output __append __line __lines __filename escapeFn rethrow locals'
  ).split(' '),
);

/** What may come right before a `/` that starts a regular expression (not a division). */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

const WORD_START = /[A-Za-z_$]/;
const WORD = /[\w$]/;

/** The JavaScript ejs makes of a template (its body, before ejs wraps it in a function). */
function generatedSource(text: string, filename: string): string {
  const template = new ejs.Template(text, { filename }) as ejs.Template & { generateSource(): void };
  template.generateSource();
  return template.source;
}

/**
 * The names a template's JavaScript reads that may be locals: every identifier that is not a
 * property (`a.b`), a word of the language or one of ejs's own. `locals` are those to declare
 * from the locals object; `globals` those that name a global (`Number`, `encodeURIComponent`) and
 * stay globals. Names the template declares itself (`var f`, a callback's parameter) come out too,
 * which is harmless: declared again, they start as the local of that name or `undefined`.
 *
 * Null when the JavaScript holds what this scan does not read (a template literal, whose `${}`
 * parts are code): such a template keeps ejs's `with (locals)`.
 */
export function templateNames(text: string, filename: string): { locals: string[]; globals: string[] } | null {
  const source = generatedSource(text, filename);
  if (source.includes('`')) return null;
  const names = new Set<string>();
  let last = '';
  let lastWord = '';
  // Functions the template declares: hoisted, they would be overwritten by a variable of their name.
  const functions = new Set<string>();
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '"' || c === "'") {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
      i++;
      last = 'x';
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === '/' && BEFORE_REGEX.has(last)) {
      let inClass = false;
      for (i++; i < source.length && (inClass || source[i] !== '/'); i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
      }
      for (i++; i < source.length && WORD.test(source[i]); i++);
      last = 'x';
    } else if (WORD_START.test(c)) {
      const start = i;
      while (i < source.length && WORD.test(source[i])) i++;
      const word = source.slice(start, i);
      const property = source[start - 1] === '.' && source[start - 2] !== '.';
      if (lastWord === 'function') functions.add(word);
      else if (!property && !NOT_LOCALS.has(word)) names.add(word);
      lastWord = word;
      // After `return`, `typeof`… a `/` starts a regular expression.
      last = NOT_LOCALS.has(word) ? '(' : 'x';
    } else if (/[0-9]/.test(c)) {
      // A number, with its exponent or hex digits (`1e5`, `0x1F`): not names.
      while (i < source.length && WORD.test(source[i])) i++;
      last = 'x';
    } else {
      if (!/\s/.test(c)) {
        last = c;
        lastWord = '';
      }
      i++;
    }
  }
  const all = [...names].filter((name) => !functions.has(name));
  // `include` is a global of ejs's function, but here it is the engine's own, passed as a local.
  const isGlobal = (name: string) => name !== 'include' && name in globalThis;
  return { locals: all.filter((n) => !isGlobal(n)), globals: all.filter(isGlobal) };
}
