/**
 * The React example's own build (the package's vite.config.ts builds the
 * library). `stripe-reconnect/react` resolves to the built package, as in
 * a host's project; `npm run build` first.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The host serves the page at /settings/ (server.ts).
  base: '/settings/',
  publicDir: false,
  build: {
    // Built pages are scratch output: gitignored, and out of the linter's way.
    outDir: fileURLToPath(new URL('../../scratch/examples/react', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
