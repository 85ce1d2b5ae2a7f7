/**
 * What a page loads to show the element, as `bench/first-paint.ts` measures
 * it (esbuild bundles this file; the first-paint rules are in
 * `stripe-reconnect.ts`), and what the server-side rendering test imports.
 * The package's own entry is `stripe-reconnect.ts` itself (package.json's
 * `exports`).
 */
export * from './stripe-reconnect.js';
