import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET } from './constants.js';

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Instance {
  apiBase: string;
  port: number;
  process: ChildProcess;
  output: string[];
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  port: number;
  /** Where Stripe is: a sandbox served by the test. */
  stripeApiUrl: string;
  databaseUrl?: string;
  dataDir?: string;
  allowedOrigins: string[];
  hostWebhookUrl?: string;
  env?: Record<string, string>;
}

/** Runs `server/main.ts` as its own process, configured only by the environment, as `npm start` would. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    // Said outright: with a DATABASE_URL the server refuses the sandbox otherwise (it fails closed).
    STRIPE_MODE: 'sandbox',
    STRIPE_API_URL: options.stripeApiUrl,
    RECONNECT_API_KEY: API_KEY,
    SESSION_SECRET,
    ENCRYPTION_KEY,
    ALLOWED_ORIGINS: options.allowedOrigins.join(','),
    LOG_LEVEL: 'info',
    ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
    ...(options.dataDir && { DATA_DIR: options.dataDir }),
    ...(options.hostWebhookUrl && { HOST_WEBHOOK_URL: options.hostWebhookUrl, HOST_WEBHOOK_SECRET }),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const apiBase = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /stripe-reconnect API at (\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}:\n${output.join('')}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    apiBase,
    port: options.port,
    process: child,
    output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
