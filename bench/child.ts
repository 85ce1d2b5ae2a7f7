import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../test/support/stores.js';
import { sleep } from './stats.js';

export interface ProcessSample {
  rss: number;
  cpuMicros: number;
}

/** What `server-under-load.ts` prints once it serves a connected tenant. */
export interface ServerUnderLoad {
  engine: Engine;
  pid: number;
  /** The Hono server's origin; `/bare` and `/_bench/memory` are at its root. */
  url: string;
  apiBase: string;
  sandboxUrl: string;
  /** A session token of the connected tenant. */
  token: string;
  origin: string;
  /** The child's resident memory and CPU time so far, read from inside it. */
  sample(): Promise<ProcessSample>;
  /** Wall time summed over the sandbox's Stripe-shaped handlers since start, and their count. */
  sandboxTime(): Promise<{ ms: number; requests: number }>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-under-load.ts', import.meta.url));

/**
 * Starts the server under load in its own process (node with tsx's loader,
 * not `npx tsx`, so the pid is the server's own) and waits for its line.
 */
export async function startServerUnderLoad(
  engine: Engine,
  options: { hostWebhookUrl?: string; timeoutMs?: number } = {},
): Promise<ServerUnderLoad> {
  const { hostWebhookUrl, timeoutMs = 60_000 } = options;
  const args = ['--import', 'tsx', ENTRY, engine, ...(hostWebhookUrl ? [`--host-webhook=${hostWebhookUrl}`] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout! });
  const first = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    exited.then((code) => reject(new Error(`server-under-load (${engine}) exited with ${code}: ${stderr.join('').slice(-2_000)}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`server-under-load (${engine}) did not start in ${timeoutMs} ms`)), timeoutMs);
  });
  let info: Omit<ServerUnderLoad, 'engine' | 'pid' | 'sample' | 'sandboxTime' | 'stop'>;
  try {
    info = JSON.parse(await Promise.race([first, timeout]));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    ...info,
    engine,
    pid: child.pid!,
    async sample() {
      const response = await fetch(`${info.url}/_bench/process`);
      return (await response.json()) as ProcessSample;
    },
    async sandboxTime() {
      const response = await fetch(`${info.url}/_bench/sandbox-time`);
      return (await response.json()) as { ms: number; requests: number };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      // It drops its PostgreSQL schema on the way out; give it the time, then insist.
      const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!done) child.kill('SIGKILL');
    },
  };
}

/** Samples the child's RSS every `everyMs` while `work` runs; resolves with work's result and the highest sample. */
export async function withRssSampling<T>(server: ServerUnderLoad, work: Promise<T>, everyMs = 250): Promise<{ result: T; peakRss: number }> {
  let peakRss = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peakRss = Math.max(peakRss, (await server.sample()).rss);
      await sleep(everyMs);
    }
  })();
  try {
    const result = await work;
    done = true;
    await sampler;
    return { result, peakRss };
  } finally {
    done = true;
    await sampler.catch(() => {});
  }
}
