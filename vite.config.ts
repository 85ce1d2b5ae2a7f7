/**
 * Builds the element as a library (Vite lib mode):
 *
 * - `vite build` → `dist/widget/stripe-reconnect.js`, Lit external, for
 *   bundlers and `npm` users;
 * - `vite build --mode cdn` → `dist/cdn/stripe-reconnect.js`, Lit included,
 *   one `<script type="module">` for CDN use.
 *
 * In both, each locale but English is its own chunk beside the entry, loaded
 * only when a `lang` asks for it.
 */
import { defineConfig, type Plugin } from 'vite';

/** Squeezes the whitespace out of the element's stylesheet (one template literal without expressions). */
function minifyStyles(): Plugin {
  const squeeze = (text: string) =>
    text
      .replace(/\s+/g, ' ')
      .replace(/\s*([{}:;,])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'stripe-reconnect:minify-styles',
    transform(code, id) {
      if (!id.endsWith('/widget/styles.ts')) return null;
      return { code: code.replace(/unsafeCSS\(`([^`]*)`\)/, (_, text: string) => `unsafeCSS(\`${squeeze(text)}\`)`), map: null };
    },
  };
}

export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  return {
    publicDir: false,
    plugins: [minifyStyles()],
    build: {
      target: 'es2022',
      outDir: cdn ? 'dist/cdn' : 'dist/widget',
      emptyOutDir: true,
      minify: true,
      sourcemap: true,
      lib: {
        entry: 'widget/stripe-reconnect.ts',
        formats: ['es'],
        fileName: () => 'stripe-reconnect.js',
      },
      rolldownOptions: {
        external: cdn ? [] : [/^lit(\/.*)?$/, /^@lit\//, /^lit-(html|element)(\/.*)?$/],
        output: {
          chunkFileNames: 'locale-[name]-[hash].js',
          // Lib mode keeps ES output readable by default; this one ships as is, so whitespace goes too.
          minify: true,
          comments: { annotation: !cdn, jsdoc: false, legal: false },
        },
      },
    },
  };
});
