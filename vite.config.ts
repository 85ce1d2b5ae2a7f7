/**
 * Builds the element as a library (Vite lib mode):
 *
 * - `vite build` → `dist/widget/`, Lit, React and @lit/react external, for
 *   bundlers and `npm` users: `stripe-reconnect.js` (defines the tag; the
 *   package's `.`), `stripe-reconnect-element.js` (the class alone;
 *   `./element`) and `react.js` (the React wrapper; `./react`);
 * - `vite build --mode cdn` → `dist/cdn/stripe-reconnect.js`, Lit included,
 *   one `<script type="module">` for CDN use.
 *
 * In both, each locale but English is its own chunk beside the entry, loaded
 * only when a `lang` asks for it, and so are the panels, the Reconnect flow
 * and the reader of error answers (`lazy-*`), loaded when first needed. Declarations come from tsc
 * (`tsconfig.build.widget.json`), under the same names.
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

/** The npm build's entries: each file name is a subpath of the package's `exports`. */
const LIBRARY_ENTRIES = {
  'stripe-reconnect': 'widget/stripe-reconnect.ts',
  'stripe-reconnect-element': 'widget/stripe-reconnect-element.ts',
  react: 'widget/react.ts',
};

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
        entry: cdn ? { 'stripe-reconnect': 'widget/stripe-reconnect.ts' } : LIBRARY_ENTRIES,
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        // The npm build leaves its dependencies to the host's bundler, so a page holds one Lit and one React.
        external: cdn ? [] : [/^lit(\/.*)?$/, /^@lit\//, /^lit-(html|element)(\/.*)?$/, /^react(-dom)?(\/.*)?$/],
        output: {
          // A locale catalog, or the panels, the flow and the error reader, are loaded on demand; any other chunk is code the entries share.
          chunkFileNames: (chunk) => {
            if (chunk.facadeModuleId?.includes('/widget/messages/')) return 'locale-[name]-[hash].js';
            return chunk.isDynamicEntry ? 'lazy-[name]-[hash].js' : 'shared-[hash].js';
          },
          // Lib mode keeps ES output readable by default; this one ships as is, so whitespace goes too.
          minify: true,
          comments: { annotation: !cdn, jsdoc: false, legal: false },
        },
      },
    },
  };
});
