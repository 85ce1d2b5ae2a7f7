#!/usr/bin/env node
/**
 * Writes the element's API reference (docs/element-api.md) from the Custom
 * Elements Manifest, so the docs say exactly what the element's JSDoc says.
 *
 *   node scripts/element-docs.mjs [--manifest custom-elements.json] [--out docs/element-api.md]
 *
 * The page is a function of the manifest alone (no dates, stable order), so
 * a test can regenerate it and compare.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string', default: 'custom-elements.json' },
    out: { type: 'string', default: 'docs/element-api.md' },
  },
});

/** One table cell: no line breaks, pipes escaped. */
const cell = (text) => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => (text ? `\`${text.replace(/\|/g, '\\|')}\`` : '');

function table(headers, rows) {
  if (rows.length === 0) return '_None._\n';
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n') + '\n';
}

function signature(method) {
  const params = (method.parameters ?? []).map((p) => `${p.name}${p.optional || p.default ? '?' : ''}${p.type ? `: ${p.type.text}` : ''}`);
  return `${method.static ? 'static ' : ''}${method.name}(${params.join(', ')})${method.return?.type ? `: ${method.return.type.text}` : ''}`;
}

function elementSection(declaration, modulePath, definedIn) {
  const members = declaration.members ?? [];
  const fields = members.filter((m) => m.kind === 'field');
  const methods = members.filter((m) => m.kind === 'method');
  const attributes = declaration.attributes ?? [];
  const out = [];
  out.push(`## \`<${declaration.tagName}>\``, '');
  if (declaration.summary) out.push(`${declaration.summary}`, '');
  if (declaration.description) out.push(declaration.description, '');
  out.push(
    `${definedIn ? `\`import '${definedIn}'\` defines the tag; ` : ''}\`import { ${declaration.name} } from '${modulePath}'\` gives the class without defining it.`,
    '',
  );

  out.push('### Attributes', '');
  out.push(
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributes.map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), cell(a.description)]),
    ),
  );

  out.push('### Properties', '');
  out.push(
    table(
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      fields.map((f) => [
        code(`${f.static ? 'static ' : ''}${f.name}`),
        code(f.attribute) + (f.reflects ? ' (reflected)' : ''),
        code(f.type?.text),
        code(f.default),
        cell(f.description),
      ]),
    ),
  );

  out.push('### Methods', '');
  out.push(table(['Method', 'Description'], methods.map((m) => [code(signature(m)), cell(m.description)])));

  out.push('### Events', '');
  out.push(
    'Each is a `CustomEvent` that bubbles and is composed (it crosses the shadow root); its `detail` has the shape shown.',
    '',
  );
  out.push(table(['Event', 'Type', 'Description'], (declaration.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)])));

  out.push('### Slots', '');
  out.push(table(['Slot', 'Description'], (declaration.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)])));

  out.push('### CSS parts', '');
  out.push('Style them from the page with `stripe-reconnect::part(name)`.', '');
  out.push(table(['Part', 'Description'], (declaration.cssParts ?? []).map((p) => [code(p.name), cell(p.description)])));

  out.push('### CSS custom properties', '');
  out.push(table(['Property', 'Default', 'Description'], (declaration.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)])));
  return out.join('\n');
}

const manifest = JSON.parse(readFileSync(values.manifest, 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** What a host writes to import a manifest module: its subpath in package.json's `exports`, else the file. */
function specifier(path) {
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : target.default;
    if (file === `./${path}`) return subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  }
  return `${pkg.name}/${path}`;
}
const definitions = new Map();
for (const mod of manifest.modules) {
  for (const e of mod.exports ?? []) if (e.kind === 'custom-element-definition') definitions.set(e.declaration.name, mod.path);
}

const sections = [];
for (const mod of manifest.modules) {
  for (const declaration of mod.declarations ?? []) {
    if (!declaration.customElement || !declaration.tagName) continue;
    const definedIn = definitions.get(declaration.name);
    sections.push(elementSection(declaration, specifier(mod.path), definedIn && specifier(definedIn)));
  }
}
if (sections.length === 0) throw new Error(`${values.manifest} declares no custom element with a tag name`);

const page = `<!-- Generated by scripts/element-docs.mjs from custom-elements.json; do not edit. Run \`npm run build\` after changing the element's JSDoc. -->

# Element API reference

The public surface of the element, read from its JSDoc by the Custom
Elements Manifest analyzer. For how to put it in a page, see
[embedding.md](embedding.md).

${sections.join('\n\n')}`;

mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, page.trimEnd() + '\n');
