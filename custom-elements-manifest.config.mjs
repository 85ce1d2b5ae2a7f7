/**
 * `cem analyze --config custom-elements-manifest.config.mjs` reads the
 * element's JSDoc (widget/stripe-reconnect-element.ts) and its `static
 * properties`, and writes custom-elements.json at the root, the file
 * package.json's `customElements` names. `npm run build` runs it, then
 * scripts/element-docs.mjs turns the manifest into docs/element-api.md.
 */

/** The package's element modules, source → the file a page imports from the package. */
const PUBLIC_MODULES = new Map([
  ['widget/stripe-reconnect.ts', 'dist/widget/stripe-reconnect.js'],
  ['widget/stripe-reconnect-element.ts', 'dist/widget/stripe-reconnect-element.js'],
]);
const TAG = 'stripe-reconnect';
/** LitElement's own statics: configuration, not the element's API. */
const LIT_STATICS = new Set(['styles', 'properties', 'shadowRootOptions', 'elementStyles']);

const isInternal = (member) => member.privacy === 'private' || member.privacy === 'protected' || member.name.startsWith('#') || member.name.startsWith('_');

/**
 * Shapes the manifest into the package's public API, as the schema means it:
 * module paths are the published JS files (not the TypeScript sources), only
 * modules a host can import are listed, internal state (`_status`, `#popup`,
 * Lit's statics) is left out, and the tag is recorded, since the element is
 * registered through `StripeReconnectElement.define()`, a call the analyzer
 * does not follow.
 */
function publicApi() {
  return {
    name: 'stripe-reconnect:public-api',
    packageLinkPhase({ customElementsManifest }) {
      const rename = (path) => PUBLIC_MODULES.get(path) ?? path;
      customElementsManifest.modules = customElementsManifest.modules.filter((mod) => PUBLIC_MODULES.has(mod.path));
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.tagName = TAG;
          declaration.members = (declaration.members ?? []).filter((m) => !isInternal(m) && !(m.static && LIT_STATICS.has(m.name)));
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !a.name.startsWith('_'));
          // The class JSDoc documents each attribute once (`@attr`); its property says the same.
          for (const field of declaration.members) {
            const attribute = declaration.attributes.find((a) => a.fieldName === field.name);
            if (!attribute) continue;
            field.description ??= attribute.description;
            field.type ??= attribute.type ?? { text: 'string' };
            attribute.type ??= field.type;
          }
          declaration.slots ??= [];
        }
        // Type-only re-exports (`export type * from './events.js'`) name no JS a page could import.
        mod.exports = (mod.exports ?? []).filter((e) => e.name !== '*');
        for (const e of mod.exports) if (e.declaration?.module) e.declaration.module = rename(e.declaration.module);
        if (mod.path === 'widget/stripe-reconnect.ts') {
          // It re-exports the class it imports: the declaration lives in the element's module.
          for (const e of mod.exports) if (e.name === 'StripeReconnectElement') e.declaration.module = PUBLIC_MODULES.get('widget/stripe-reconnect-element.ts');
          mod.exports.push({
            kind: 'custom-element-definition',
            name: TAG,
            declaration: { name: 'StripeReconnectElement', module: PUBLIC_MODULES.get('widget/stripe-reconnect-element.ts') },
          });
        }
        mod.path = rename(mod.path);
      }
    },
  };
}

export default {
  globs: ['widget/**/*.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/react.ts'],
  outdir: '.',
  // The analyzer would otherwise rewrite package.json (whole, re-serialized) to point `customElements`
  // at each run's output; the field is set once, with `npm pkg set`.
  packagejson: false,
  litelement: true,
  plugins: [publicApi()],
};
