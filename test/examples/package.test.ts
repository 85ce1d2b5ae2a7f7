/**
 * The package as a host gets it, after `npm run build`: the `exports` map
 * resolves (through Node's self-reference, `import('stripe-reconnect/…')`),
 * the files it names exist, `npm pack` ships them and nothing else, and the
 * CDN file is one self-contained module.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const run = promisify(execFile);

/** Imports a specifier at run time, so that `npm run typecheck` does not need dist/. */
const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

/** The module specifiers a minified ES module imports, static and dynamic. */
function importsOf(code: string): string[] {
  const found = [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
  return [...new Set(found)];
}

describe('package exports', () => {
  test('every file the exports map, main, types, bin and sideEffects name exists', () => {
    const targets: string[] = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.customElements, ...Object.values<string>(pkg.bin)];
    for (const target of Object.values<string | Record<string, string>>(pkg.exports)) {
      targets.push(...(typeof target === 'string' ? [target] : Object.values(target)));
    }
    for (const target of targets) assert.ok(existsSync(join(ROOT, target)), `${target} exists (npm run build)`);
    for (const pattern of pkg.sideEffects as string[]) {
      const path = pattern.replace(/\/\*$/, '');
      assert.ok(existsSync(join(ROOT, path)), `sideEffects names ${pattern}, which exists`);
    }
  });

  test('stripe-reconnect/server gives the app factory, session minting, store constructors and webhook verification', async () => {
    const server = await load('stripe-reconnect/server');
    for (const name of ['createApp', 'mintSession', 'createEmbeddedStore', 'createPostgresStore', 'createStore', 'verifyHostWebhook', 'startStandalone']) {
      assert.equal(typeof server[name], 'function', name);
    }
    const { token } = (server.mintSession as (o: object) => { token: string })({ sessionSecret: 's'.repeat(32), tenantId: 'ws_1' });
    assert.match(token, /^srs1\./);
    const sandbox = await load('stripe-reconnect/sandbox');
    assert.equal(typeof sandbox.createSandbox, 'function');
    assert.equal(typeof sandbox.serveSandbox, 'function');
  });

  test('stripe-reconnect/element gives the class without defining the tag; stripe-reconnect defines it', async () => {
    // In Node, Lit's server build puts a customElements registry on globalThis: the same test as in a page.
    const element = await load('stripe-reconnect/element');
    assert.equal(typeof element.StripeReconnectElement, 'function');
    assert.ok(globalThis.customElements, "Lit's Node build provides a registry");
    assert.equal(globalThis.customElements.get('stripe-reconnect'), undefined, 'importing the class defined nothing');
    const defining = await load('stripe-reconnect');
    assert.equal(defining.StripeReconnectElement, element.StripeReconnectElement, 'one class behind both entries');
    assert.equal(globalThis.customElements.get('stripe-reconnect'), element.StripeReconnectElement);
  });

  test('stripe-reconnect/react renders <stripe-reconnect> on the server', async () => {
    const { StripeReconnect } = await load('stripe-reconnect/react');
    const React = await import('react');
    const { renderToStaticMarkup } = await import('react-dom/server');
    const html = renderToStaticMarkup(React.createElement(StripeReconnect as never, { apiBase: '/billing/stripe-reconnect' } as never));
    assert.match(html, /^<stripe-reconnect[\s>]/);
  });

  test('the library build leaves Lit and React to the host; the CDN build is one file with Lit inside', () => {
    const widget = join(ROOT, 'dist/widget');
    const libraryImports = readdirSync(widget)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => importsOf(readFileSync(join(widget, f), 'utf8')));
    assert.ok(libraryImports.includes('lit'), 'lit stays a bare import');
    assert.ok(libraryImports.includes('react') && libraryImports.includes('@lit/react'));

    const cdn = readFileSync(join(ROOT, 'dist/cdn/stripe-reconnect.js'), 'utf8');
    const bare = importsOf(cdn).filter((s) => !s.startsWith('./'));
    assert.deepEqual(bare, [], 'no bare specifiers: a browser loads it without an import map');
    assert.ok(importsOf(cdn).every((s) => /^\.\/(locale|lazy)-[\w-]+\.js$/.test(s)), 'only the lazy chunks beside it (locales, panels, flow)');
    assert.match(cdn, /customElements/);
  });

  test('npm pack ships the build, the manifest and the docs, not the sources or tests', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = new Set<string>((JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
    for (const expected of [
      'package.json',
      'README.md',
      'custom-elements.json',
      'docs/element-api.md',
      'dist/widget/stripe-reconnect.js',
      'dist/widget/stripe-reconnect.d.ts',
      'dist/widget/stripe-reconnect-element.js',
      'dist/widget/stripe-reconnect-element.d.ts',
      'dist/widget/react.js',
      'dist/widget/react.d.ts',
      'dist/widget/events.d.ts',
      'dist/cdn/stripe-reconnect.js',
      'dist/server/index.js',
      'dist/server/index.d.ts',
      'dist/server/main.js',
      'dist/server/sandbox/index.js',
      'dist/contract/index.d.ts',
      'dist/bin/stripe-reconnect.js',
    ]) {
      assert.ok(files.has(expected), `${expected} is in the package`);
    }
    const unexpected = [...files].filter((f) => /^(server|widget|contract|test|examples|bench|demo|scratch|scripts)\//.test(f) || f.endsWith('.tsbuildinfo'));
    assert.deepEqual(unexpected, []);
  });

  test('the examples typecheck against the built declarations, as a host project would', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'examples', '--noEmit'], { cwd: ROOT }).catch((error: { stdout?: string }) => {
      assert.fail(`tsc -p examples failed:\n${error.stdout}`);
    });
  });
});
