/**
 * The element at first paint, as issue 16 defines it: `widget/index.ts`
 * bundled by esbuild (`--bundle --minify --format=esm --target=es2022
 * --splitting`), then the entry chunk and every chunk it imports statically,
 * transitively (what a page must fetch before the element can render), each
 * gzip'd (node:zlib, level 9) and summed. Chunks reached only through a
 * dynamic import (other locales, help texts) load when needed and are listed
 * apart. esbuild is the copy `npx esbuild` runs (Vite's), built in memory.
 */
import { build } from 'esbuild';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Row } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'widget/index.ts';

export interface FirstPaint {
  /** The entry and its static imports: file, minified bytes, gzip bytes. */
  initial: Array<{ file: string; minified: number; gzip: number }>;
  /** Chunks only a dynamic import reaches. */
  lazy: Array<{ file: string; minified: number; gzip: number }>;
}

export async function measureFirstPaint(): Promise<FirstPaint> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    splitting: true,
    outdir: join(ROOT, 'scratch', 'first-paint'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === ENTRY);
  if (!entry) throw new Error(`esbuild produced no chunk for ${ENTRY}`);
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const sized = result.outputFiles
    .map((f) => ({ file: relative(ROOT, f.path), minified: f.contents.length, gzip: gzipSync(f.contents, { level: 9 }).length }))
    .filter((f) => f.file.endsWith('.js'));
  return { initial: sized.filter((f) => initial.has(f.file)), lazy: sized.filter((f) => !initial.has(f.file)) };
}

export function firstPaintRows(paint: FirstPaint): Row[] {
  const name = (file: string) => file.split('/').pop();
  return [
    {
      key: 'size.firstPaint.gzip',
      section: `element at first paint (esbuild ${ENTRY} --bundle --minify --format=esm --target=es2022 --splitting; entry and its static imports)`,
      label: 'first paint, gzip',
      value: paint.initial.reduce((sum, f) => sum + f.gzip, 0),
      unit: 'B',
      target: { op: '<=', value: 11 * 1024 },
      note: `${paint.initial.map((f) => `${name(f.file)} ${f.minified} B minified`).join(', ')}; lazy: ${paint.lazy.map((f) => `${name(f.file)} ${f.gzip} B`).join(', ') || 'none'}`,
    },
  ];
}
