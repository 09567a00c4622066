import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The app's sources live in web/ (see README: layout). */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // Absolute asset paths: the service worker answers every page offline with the cached shell of `/`, whose
    // relative paths would point below the page's own URL.
    paths: { relative: false },
    files: {
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      errorTemplate: 'web/error.html',
      assets: 'web/static',
      hooks: { server: 'web/hooks.server', client: 'web/hooks.client', universal: 'web/hooks' },
      params: 'web/params',
      serviceWorker: 'web/service-worker',
    },
    typescript: {
      config: (tsconfig) => ({ ...tsconfig, include: [...tsconfig.include, '../web/**/*.ts', '../web/**/*.svelte'] }),
    },
  },
};

export default config;
