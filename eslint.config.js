import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', '.tools/', 'web/lib/paraglide/', 'data/', 'node_modules/', 'test/bench/results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  // The arrows that must never exist (docs/architecture.md, "Layout"): the protocol core knows no accounts or
  // SQL, the libraries know no server, and nothing the browser loads reaches server code.
  {
    files: ['sync-server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@kring/server', 'kysely', 'better-sqlite3', '**/packages/server/**', '**/web/**'], message: 'The sync core knows no accounts, SQL or app: give it a hook instead.' }] }] },
  },
  {
    files: ['packages/{access,shapes,protocol,storage}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@kring/server', '@kring/sync-server', '**/web/**'], message: 'Libraries are used by the server and the device; they import neither.' }] }] },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.svelte'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@kring/sync-server', '**/sync-server/**'], message: 'The app reaches the sync server through @kring/server.' }] }] },
  },
  {
    files: ['web/lib/client/**', 'web/lib/api/**', 'web/lib/components/**', 'web/routes/**/*.svelte', 'web/routes/**/+page.ts', 'web/routes/**/+layout.ts', 'web/hooks.client.ts', 'web/service-worker.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@kring/server', '@kring/sync-server', 'kysely', 'better-sqlite3', '$lib/server/*'], message: 'Code that runs in the browser never imports server code.' }] }] },
  },
  {
    // Handlers call the domain services (kring.people, kring.spaces, …); rules and SQL live in packages/server.
    files: ['web/routes/**/*.ts', 'web/lib/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@kring/sync-server', 'kysely', 'better-sqlite3'], message: 'A handler calls a domain service of @kring/server, never the database.' }] }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='db']", message: 'A handler calls a domain service of @kring/server, never the database.' }],
    },
  },
);
