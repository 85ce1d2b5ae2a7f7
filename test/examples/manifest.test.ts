/**
 * The Custom Elements Manifest (custom-elements.json) and the API page made
 * from it (docs/element-api.md): both are committed, so they must say what
 * the element's JSDoc says today.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Named {
  name: string;
  description?: string;
  fieldName?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes: Named[];
  members: (Named & { kind: string; privacy?: string })[];
  events: (Named & { type?: { text: string } })[];
  slots: Named[];
  cssParts: Named[];
  cssProperties: Named[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { module?: string } }[] }[];
}

const manifest = JSON.parse(read('custom-elements.json')) as Manifest;
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'stripe-reconnect');
const names = (list: Named[] | undefined) => (list ?? []).map((x) => x.name);

describe('custom elements manifest', () => {
  // Under the project: the analyzer takes --outdir relative to its working directory.
  mkdirSync(join(ROOT, 'scratch'), { recursive: true });
  const scratch = relative(ROOT, mkdtempSync(join(ROOT, 'scratch', 'cem-')));
  after(() => rmSync(join(ROOT, scratch), { recursive: true, force: true }));

  test('package.json points at it', () => {
    assert.equal(JSON.parse(read('package.json')).customElements, 'custom-elements.json');
  });

  test('declares <stripe-reconnect> and where a page imports it from', () => {
    assert.ok(element, 'a declaration with tagName stripe-reconnect');
    assert.equal(element.name, 'StripeReconnectElement');
    const definition = manifest.modules.flatMap((m) => (m.exports ?? []).map((e) => ({ ...e, path: m.path }))).find((e) => e.kind === 'custom-element-definition');
    assert.equal(definition?.name, 'stripe-reconnect');
    assert.equal(definition?.path, 'dist/widget/stripe-reconnect.js');
  });

  test("has the contract's attributes, each with its property and a description", () => {
    const attributes = new Map(element!.attributes.map((a) => [a.name, a]));
    for (const [attribute, field] of Object.entries({ 'api-base': 'apiBase', 'session-token': 'sessionToken', mode: 'mode', 'return-url': 'returnUrl', lang: 'lang', 'support-url': 'supportUrl' })) {
      assert.equal(attributes.get(attribute)?.fieldName, field, attribute);
      assert.ok(attributes.get(attribute)?.description, `${attribute} is described`);
    }
    assert.ok(!element!.attributes.some((a) => a.name.startsWith('_')), 'internal state is not an attribute');
  });

  test('has the public properties and methods, and no private member', () => {
    const members = names(element!.members);
    for (const name of ['sessionProvider', 'apiBase', 'refresh', 'reconnect', 'disconnect', 'define']) assert.ok(members.includes(name), name);
    assert.deepEqual(
      element!.members.filter((m) => m.privacy === 'private' || /^[_#]/.test(m.name)).map((m) => m.name),
      [],
    );
  });

  test('has the four events with their detail types, the slots list, parts and custom properties', () => {
    const events = new Map(element!.events.map((e) => [e.name, e.type?.text]));
    assert.deepEqual([...events.keys()].sort(), ['stripe-reconnect:connected', 'stripe-reconnect:disconnected', 'stripe-reconnect:error', 'stripe-reconnect:status']);
    assert.match(events.get('stripe-reconnect:connected') ?? '', /account: Account/);
    assert.match(events.get('stripe-reconnect:error') ?? '', /code: ErrorCode/);
    assert.ok(Array.isArray(element!.slots), 'slots is listed (the element has none)');
    for (const part of ['base', 'indicator', 'account', 'button', 'panel', 'steps', 'support-link']) assert.ok(names(element!.cssParts).includes(part), part);
    const properties = names(element!.cssProperties);
    assert.ok(properties.length >= 5);
    assert.ok(properties.every((p) => p.startsWith('--stripe-reconnect-')), properties.join(', '));
    assert.ok(properties.includes('--stripe-reconnect-accent-color'));
  });

  test('the committed manifest and docs/element-api.md are what the analyzer and the script make today', async () => {
    const cem = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
    await run(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', scratch], { cwd: ROOT });
    assert.deepEqual(JSON.parse(readFileSync(join(ROOT, scratch, 'custom-elements.json'), 'utf8')), manifest, 'run `npm run build:manifest` and commit custom-elements.json');

    const page = join(scratch, 'element-api.md');
    await run(process.execPath, ['scripts/element-docs.mjs', '--manifest', join(scratch, 'custom-elements.json'), '--out', page], { cwd: ROOT });
    assert.equal(readFileSync(join(ROOT, page), 'utf8'), read('docs/element-api.md'), 'run `npm run build:manifest` and commit docs/element-api.md');
  });
});
