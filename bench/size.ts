/**
 * The widget's size as a page downloads it. Builds `widget/stripe-reconnect.ts`
 * with Vite's JS API twice (Lit bundled, Lit external), in memory (`write:
 * false`, so no folder to clean), then measures each chunk minified, gzip (level 9) and brotli
 * (quality 11). The entry chunk is what a page loads at start; the locale
 * chunks (French) load only when `lang` asks for one, so they are reported apart.
 *
 * `configFile: false` keeps the project's config file from being read as such;
 * its plugins and output options are taken from it all the same (it exports a
 * function of the mode), so the figure is what `vite build` ships, not a
 * look-alike build.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type UserConfig } from 'vite';
import type { Row } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChunkSize {
  file: string;
  minified: number;
  gzip: number;
  brotli: number;
}

export interface Variant {
  lit: 'bundled' | 'external';
  /** Loaded at start: the entry and any chunk it imports statically. */
  initial: ChunkSize[];
  /** Loaded on demand (dynamic imports): the locale catalogs. */
  lazy: ChunkSize[];
}

function measure(file: string, code: Buffer): ChunkSize {
  return {
    file,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }).length,
  };
}

/** The project's own Vite config for a mode; `vite.config.ts` exports a function of it. */
async function projectConfig(mode: string): Promise<UserConfig> {
  const exported = (await import('../vite.config.js')).default as UserConfig | ((env: { mode: string; command: 'build' }) => UserConfig);
  return typeof exported === 'function' ? exported({ mode, command: 'build' }) : exported;
}

async function buildVariant(lit: Variant['lit']): Promise<Variant> {
  const project = await projectConfig(lit === 'bundled' ? 'cdn' : 'production');
  const output = (project.build?.rolldownOptions?.output ?? {}) as Record<string, unknown>;
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    publicDir: false,
    plugins: project.plugins ?? [],
    build: {
      target: project.build?.target ?? 'es2022',
      write: false,
      minify: true,
      sourcemap: false,
      lib: { entry: join(ROOT, 'widget/stripe-reconnect.ts'), formats: ['es'], fileName: () => 'stripe-reconnect.js' },
      rolldownOptions: {
        external: lit === 'external' ? [/^lit/, /^@lit\//] : [],
        output: { ...output, chunkFileNames: 'chunk-[name].js' },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunks = outputs.filter((o) => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error(`the ${lit} build has no entry chunk`);
  // Start-up set: the entry plus what it imports statically, transitively.
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const initialNames = new Set<string>();
  const visit = (name: string) => {
    if (initialNames.has(name)) return;
    initialNames.add(name);
    for (const imported of byName.get(name)?.imports ?? []) if (byName.has(imported)) visit(imported);
  };
  visit(entry.fileName);
  const sized = chunks.map((c) => ({ name: c.fileName, size: measure(c.fileName, Buffer.from(c.code)) }));
  return {
    lit,
    initial: sized.filter((c) => initialNames.has(c.name)).map((c) => c.size),
    lazy: sized.filter((c) => !initialNames.has(c.name)).map((c) => c.size),
  };
}

const sum = (chunks: ChunkSize[], key: keyof Omit<ChunkSize, 'file'>) => chunks.reduce((total, c) => total + c[key], 0);

export async function measureSize(): Promise<Variant[]> {
  return [await buildVariant('bundled'), await buildVariant('external')];
}

export function sizeRows(variants: Variant[]): Row[] {
  const rows: Row[] = [];
  const section = 'widget size (vite build, es, minified; entry chunk(s) loaded at start)';
  for (const v of variants) {
    const files = v.initial.map((c) => c.file).join(', ');
    for (const key of ['minified', 'gzip', 'brotli'] as const) {
      rows.push({
        key: `size.${v.lit}.${key}`,
        section,
        label: `Lit ${v.lit}, ${key}`,
        value: sum(v.initial, key),
        unit: 'B',
        ...(v.lit === 'bundled' && key === 'gzip' && { target: { op: '<=', value: 12 * 1024 } as const }),
        ...(key === 'minified' && { note: files }),
      });
    }
  }
  const lazy = variants.find((v) => v.lit === 'external')?.lazy ?? [];
  for (const chunk of lazy) {
    rows.push({
      key: `size.lazy.${chunk.file.replace(/\.js$/, '')}.gzip`,
      section,
      label: `lazy chunk ${chunk.file}, gzip`,
      value: chunk.gzip,
      unit: 'B',
      note: `${chunk.minified} B minified, ${chunk.brotli} B brotli; ${chunk.file.includes('help') ? 'loaded with the first troubleshooting panel' : 'loaded only when lang asks for it'}`,
    });
  }
  return rows;
}
