// Lint rules that catch real bugs in this codebase: promises nobody awaits (a rejected write that
// vanishes), async handlers passed where a callback is expected, loose equality, and type-only
// imports kept apart so importing a module never loads what it only names.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The folders of src/, from the top down to what each layer may not import.
const UPPER = ['controllers', 'middleware', 'api', 'services', 'mail', 'forms', 'policies', 'models', 'db'];
const withFolder = (list, extra) => [...list, extra];

/** A no-restricted-imports block that refuses relative imports of the named folders of src/. */
function layer(files, why, folders, packages = []) {
  const regex = folders[0]?.startsWith('(?!')
    ? `^\\.\\./${folders[0]}`
    : `^(\\.{1,2}/)+(.*/)?(${folders.join('|')})(/|$)`;
  return [
    {
      files: [files],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: packages.map((name) => ({ name, message: why })),
            patterns: [{ regex, message: why }],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'test-results/', 'coverage/', 'public/', 'views/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // knex types query results as `any`; the rows are typed where they leave src/models/, so the
      // no-unsafe-* family would only flag every query.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Controllers are objects of closures that never use `this`; the route table passes them on.
      '@typescript-eslint/unbound-method': 'off',
      // Async functions without await are kept where an interface asks for a promise.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Imports point down (docs/architecture.md, "The layers"): web → services → mail → forms, policies
  // → models → db → domain. A module that climbs is refused here, so the order cannot drift.
  ...layer('src/domain/**', 'the domain floor imports nothing of the app but config', ['(?!config$)[a-z-]+(/.*)?']),
  ...layer('src/db/**', 'db sits under models', UPPER.slice(0, 8)),
  ...layer('src/models/**', 'models import only db and domain', UPPER.slice(0, 7)),
  ...layer('src/policies/**', 'policies decide from models and domain', UPPER.slice(0, 6)),
  ...layer(
    'src/forms/**',
    'forms parse into typed input from models and domain',
    withFolder(UPPER.slice(0, 5), 'policies'),
  ),
  ...layer('src/mail/**', 'mail renders and delivers; the services decide', UPPER.slice(0, 4)),
  ...layer('src/services/**', 'services take typed input and never see HTTP', UPPER.slice(0, 3), ['express']),
  {
    files: ['src/services/**', 'src/models/**', 'src/policies/**', 'src/mail/**', 'src/domain/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='req']", message: 'Below the controllers nothing sees the request.' },
        { selector: "Identifier[name='res']", message: 'Below the controllers nothing sees the response.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
