import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from './endpoints.ts';

// docs/api.md names each endpoint as `METHOD /api/path` (query parameters after a `?`).
const docs = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
const documented = new Set([...docs.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?\s]*)/g)].map(([, method, path]) => `${method} ${path}`));
const contract = new Set(Object.values(ENDPOINTS).map(({ method, path }) => `${method} ${path}`));

describe('docs/api.md', () => {
  it('documents every endpoint of the contract, with its method and path', () => {
    expect([...contract].filter((endpoint) => !documented.has(endpoint))).toEqual([]);
  });

  it('documents no endpoint the contract does not have', () => {
    expect([...documented].filter((endpoint) => !contract.has(endpoint))).toEqual([]);
  });
});
