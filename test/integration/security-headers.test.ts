/**
 * What the browser is told about every answer (issue 13, finding 6): pages carry a Content-Security-Policy that
 * lets only Kring's own files and its own start-up script run, nobody may frame them, the features the app never
 * uses are switched off, and https is remembered when Kring is served over it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { login, startKring, useKring } from '../support/server.ts';

const app = useKring();

/** The header's directives by name, each with its sources. */
function directives(policy: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name, sources);
  }
  return parsed;
}

/** The sha256 source CSP expects for an inline script's text. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

describe('the headers of a page', () => {
  it('allow only Kring’s own scripts: every inline script is named by its hash, nothing inline is allowed wholesale', async () => {
    for (const path of ['/login', '/']) {
      const cookie = path === '/' ? await login(app.url, 'anna@kring.test') : '';
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const policy = directives(response.headers.get('content-security-policy'));
      const scriptSources = policy.get('script-src') ?? [];
      expect(scriptSources).toContain("'self'");
      for (const directive of ['default-src', 'script-src', 'style-src']) {
        expect(policy.get(directive), directive).not.toContain("'unsafe-inline'");
        expect(policy.get(directive), directive).not.toContain("'unsafe-eval'");
        expect(policy.get(directive), directive).not.toContain('*');
      }
      const html = await response.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
      expect(inline.length, 'SvelteKit starts the app with an inline script').toBeGreaterThan(0);
      for (const script of inline) expect(scriptSources).toContain(hashSource(script));
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
    }
  });

  it('forbid framing, so a live admin session cannot be clicked through another site', async () => {
    const cookie = await login(app.url, 'admin@kring.test');
    for (const path of ['/admin', '/login']) {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(directives(response.headers.get('content-security-policy')).get('frame-ancestors')).toEqual(["'none'"]);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('switch off camera, microphone and location, which the app never asks for', async () => {
    const response = await fetch(`${app.url}/login`);
    const policy = response.headers.get('permissions-policy') ?? '';
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(policy).toContain(feature);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('send no HSTS over plain http (it would lock a test or intranet host out of http)', async () => {
    const response = await fetch(`${app.url}/login`);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('the headers of an API answer', () => {
  it('allow nothing to run or frame it, even when opened as a page', async () => {
    const cookie = await login(app.url, 'anna@kring.test');
    for (const path of ['/api/me', '/api/admin/people', '/api/sync/changes?since=0']) {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy.get('default-src'), path).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('the headers of a refusal', () => {
  it('are there too when a request from another origin is refused before anything else runs', async () => {
    const response = await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { origin: 'http://127.0.0.1:1' } });
    expect(response.status).toBe(403);
    expect(directives(response.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('served over https', () => {
  it('tells the browser to keep using https for a year', async () => {
    const server = await startKring({ env: { ORIGIN: 'https://kring.example.org' } });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/login`);
      expect(response.status).toBe(200);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await server.stop();
    }
  });
});
