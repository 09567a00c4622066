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
    // The Content-Security-Policy of every page. Hashes, not nonces: the service worker answers pages offline with
    // a cached shell, whose nonce would be stale; a hash stays true for the same script. SvelteKit adds the hashes
    // of its own start-up script. Style attributes are the one inline exception: labels' colours, poll bars and
    // presence dots are drawn on the server with `style=`, and an attribute can run no script.
    // See docs/privacy.md, "What the browser is told".
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
    // SvelteKit's check of form posts from another origin is done in web/hooks.server.ts instead (fromAnotherOrigin),
    // the same for every path but one: RFC 8058's one-click unsubscribe, which mail providers post from their servers.
    csrf: { trustedOrigins: ['*'] },
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
