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
    applyToEnvironment: (environment) => environment.name === 'ssr',
    resolveId: (id) => (id.startsWith('@kring/') ? { id, external: true } : null),
  };
}

export default defineConfig({
  plugins: [workspacePackagesExternalOnServer(), sveltekit()],
});
