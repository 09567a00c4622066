import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * On the server the workspace packages are loaded as they are (Node 24 runs their TypeScript), so the app and
 * web/main.ts share one instance of each and native modules (SQLite, argon2) are never bundled. Vite will not
 * externalise .ts files by itself, hence this plugin.
 */
function workspacePackagesExternalOnServer(): Plugin {
  return {
    name: 'kring:workspace-external',
    enforce: 'pre',
    // Under `vite dev` the module runner cannot load them as external ids; there it loads them itself, once.
    apply: 'build',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    resolveId: (id) => (id.startsWith('@kring/') ? { id, external: true } : null),
  };
}

/** Every page route under `dir`, as SvelteKit writes it (`/spaces/[spaceId]/pages/[pageId]`). */
function pageRoutes(dir: string, route = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return pageRoutes(join(dir, entry.name), `${route}/${entry.name}`);
    return entry.name === '+page.svelte' ? [route || '/'] : [];
  });
}

export default defineConfig({
  plugins: [workspacePackagesExternalOnServer(), sveltekit()],
  // The service worker keeps each page route's own app shell, which preloads that route's scripts and styles.
  define: { __KRING_PAGE_ROUTES__: JSON.stringify(pageRoutes('web/routes')) },
});
