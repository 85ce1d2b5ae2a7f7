/**
 * The element's imports, read from its sources with the TypeScript compiler:
 * no import cycle (type-only imports included), and the first-paint rules
 * of `widget/stripe-reconnect.ts` kept. The start-up code is what
 * `stripe-reconnect.ts` reaches by static imports of values; a lazy module
 * is one reached only through a dynamic `import()`.
 *
 *   tsx --test test/widget/imports.test.ts
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WIDGET = join(ROOT, 'widget');

interface Edge {
  to: string;
  kind: 'value' | 'type' | 'dynamic';
}

/** Every `.ts` file under `dir`, relative to the repository. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [relative(ROOT, join(dir, entry.name))] : [],
  );

/** The imports of `file` that stay in the repository: `import`, `import type`, `export … from`, and `import()` (types included). */
function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const add = (specifier: string, kind: Edge['kind']) => {
    if (specifier.startsWith('.')) edges.push({ to: relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts'), kind });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : null;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const typeOnly = ts.isImportDeclaration(node)
        ? !!clause && (clause.isTypeOnly || (!clause.name && !!named?.length && named.every((element) => element.isTypeOnly)))
        : node.isTypeOnly;
      add(node.moduleSpecifier.text, typeOnly ? 'type' : 'value');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!)) {
      add(node.arguments[0].text, 'dynamic');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, 'type');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const files = sources(WIDGET);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** The files `from` reaches through edges of `kinds`, itself included. */
function reach(from: string, kinds: Edge['kind'][]): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of importsOf(file)) if (kinds.includes(edge.kind)) walk(edge.to);
  };
  walk(from);
  return seen;
}

const startUp = reach('widget/stripe-reconnect.ts', ['value']);
const lazy = files.filter((file) => !startUp.has(file) && reach('widget/stripe-reconnect.ts', ['value', 'dynamic']).has(file));

test('no import cycle in widget/, type-only imports included', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') return void cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
    state.set(file, 'open');
    for (const edge of graph.get(file) ?? []) if (graph.has(edge.to)) walk(edge.to, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) walk(file, []);
  assert.deepEqual(cycles, []);
});

test('the start-up code and the lazy chunks are the modules the first-paint rules name', () => {
  assert.ok(startUp.has('widget/card-controller.ts') && startUp.has('widget/flow-loader.ts') && startUp.has('widget/messages/en.ts'));
  for (const file of ['widget/panels.ts', 'widget/notice.ts', 'widget/reconnect-flow.ts', 'widget/flow-memory.ts', 'widget/api-errors.ts', 'widget/messages/en-help.ts']) {
    assert.ok(lazy.includes(file), `${file} is lazy`);
  }
  // Rule 4: the contract's vocabulary of codes is not start-up code.
  assert.ok(!reach('widget/stripe-reconnect.ts', ['value']).has('contract/codes.ts'), 'contract/codes.ts is reached at start-up');
});

test('a lazy module takes nothing from the start-up code, not even a type; model.ts is types only', () => {
  const taken = lazy.flatMap((file) => graph.get(file)!.filter((edge) => startUp.has(edge.to)).map((edge) => `${file} → ${edge.to} (${edge.kind})`));
  assert.deepEqual(taken, []);
  const model = graph.get('widget/model.ts')!;
  assert.deepEqual(model.filter((edge) => edge.kind !== 'type'), []);
});

test('the start-up code imports no value from a lazy module (only import())', () => {
  const taken = [...startUp].flatMap((file) => (graph.get(file) ?? []).filter((edge) => edge.kind !== 'dynamic' && lazy.includes(edge.to)).map((edge) => `${file} → ${edge.to} (${edge.kind})`));
  assert.deepEqual(taken, []);
});
