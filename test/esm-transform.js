/**
 * Jest runs CommonJS; a few dependencies ship only ES modules (Node itself requires them natively).
 * This compiles such a file to CommonJS. An ES module that makes itself a `require` through
 * createRequire(import.meta.url) gets CommonJS's own instead.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const self = readFileSync(__filename, 'utf8');

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256').update(self).update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    const code = source.replace(/^const require = createRequire\(import\.meta\.url\);?$/m, '');
    const { outputText } = ts.transpileModule(code, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    return { code: outputText };
  },
};
