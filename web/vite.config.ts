// Vite builds the UI into dist/ (served by `tsunagu serve --web web/dist`).
// The server sends a strict CSP (script-src 'self'; style-src 'self'), so the build must not
// produce inline scripts or styles: no module-preload polyfill, no inlined assets.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a server started with `build/tsunagu serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
