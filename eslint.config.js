// Lint: typescript-eslint's strict type-checked rules over the whole project (src, test, bench, fixtures, examples).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'warehouse/', 'bench/data/', 'bench/results/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // With noUncheckedIndexedAccess every typed-array read in a hot loop is `T | undefined`; `codes[i]!` is the
      // idiom there (bounds are the loop's), and a checked read per element would cost the columnar core its speed.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans read naturally in messages.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Every concrete apache-arrow type prints itself (Int32, Decimal[18e+2], Dictionary<Int32, Utf8>); only the
      // base class's typings leave toString out.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'DataType'] },
      ],
      // `const { dropped, ...kept } = object` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Prettier wraps code at 120; this holds strings and comments to the same width.
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // plain JavaScript (bench scripts, this file): not part of the TypeScript project
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
