/// <reference types="vitest/config" />
// Vite (dev server, preview, build) and vitest for the dashboard. Commands run from the workspace
// root with `--config apps/dashboard/vite.config.mts`; paths below are relative to this file.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type ProxyOptions } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const apiUrl = process.env.LEADBOARD_API_URL ?? 'http://127.0.0.1:3000';
const host = process.env.LEADBOARD_DASHBOARD_HOST ?? '127.0.0.1';
const port = Number(process.env.LEADBOARD_DASHBOARD_PORT ?? 4200);

// xfwd: the API sees the browser's address (X-Forwarded-For from this local proxy), for its per-address
// login limit. The socket keeps the browser's Host: the API admits a socket whose Origin is its Host's.
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiUrl, changeOrigin: true, xfwd: true },
  '/health': { target: apiUrl, changeOrigin: true },
  // the queue UI, so that its sign-in page sees the dashboard's session (same origin)
  '/admin/queues': { target: apiUrl, changeOrigin: true },
  '/socket.io': { target: apiUrl, changeOrigin: false, ws: true, xfwd: true },
};

export default defineConfig({
  root: here('.'),
  // caches (Vite's deps, vitest's results) in the workspace's node_modules, not in the app folder
  cacheDir: here('../../node_modules/.vite/dashboard'),
  plugins: [vue()],
  resolve: {
    alias: {
      '@leadboard/contracts': here('../../libs/contracts/src/index.ts'),
      // for the tests only (the alert message keys the dashboard must translate); the app itself
      // imports contracts alone
      '@leadboard/domain': here('../../libs/domain/src/index.ts'),
    },
  },
  define: {
    // Feature flags of the Vue and vue-i18n ESM builds: no Options API, no legacy i18n API.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
  build: {
    outDir: here('../../dist/apps/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // The contracts lib builds its zod schemas at module level; the dashboard only uses its
        // types and constants, and the lib has no side effects, so modules whose exports go
        // unused (the ingest and login schemas) are left out (≈ 60 kB gzip of zod).
        moduleSideEffects: [{ test: /[\\/]libs[\\/]contracts[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
