import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SOURCES = ['{packages,services,apps}/*/src/**/*.ts'];
/** The portal (a browser app) has its own TypeScript project: DOM libraries, JSX. */
const PORTAL = ['apps/portal/src/**/*.{ts,tsx}', 'apps/portal/vite.config.ts'];
const TESTS = ['**/*.spec.ts', '**/*.contract.ts', 'tests/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.infra/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  // Production code is linted with type information: no floating promises, no `any` leaking in.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: SOURCES,
    ignores: [...TESTS, ...PORTAL],
  })),
  {
    files: SOURCES,
    ignores: [...TESTS, ...PORTAL],
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The embedded adapters implement async ports synchronously on purpose.
      '@typescript-eslint/require-await': 'off',
      // Ports are plain objects of functions, never classes relying on `this`.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: PORTAL })),
  {
    files: PORTAL,
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      parserOptions: { project: ['./apps/portal/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Event handlers may be async; a floating promise is still an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: TESTS,
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
