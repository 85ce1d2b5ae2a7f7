import { z } from 'zod';
import { isPlainOrigin } from '../contract/schemas.js';
import { parseTrustProxy } from './middleware/client-address.js';
import { DEVELOPMENT_SECRETS, isLoopback, isRepeatedByte, MIN_SECRET_LENGTH, originProblem } from './option-checks.js';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_RATE, parseInterval, parseRate } from './recheck/schedule.js';

/**
 * The standalone server's configuration, read from the environment variables
 * of docs/design.md and checked at start: a bad or missing variable stops the
 * process with a message naming it. It fails closed: the built-in sandbox and
 * the development secrets only on a loopback HOST with no DATABASE_URL, or
 * when STRIPE_MODE=sandbox says so outright.
 */

const origin = z.string().refine(isPlainOrigin, 'must be an origin like https://app.example.com (no path, no trailing slash)');

/** A host as a URL writes it, with a wildcard address replaced by loopback (where this machine reaches the server). */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

const splitList = (list: string) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const STRIPE_KEYS = ['STRIPE_SECRET_KEY', 'STRIPE_CLIENT_ID', 'STRIPE_WEBHOOK_SECRET'] as const;

/** A variable read by one of the re-checks' parsers; its complaint becomes the issue (the value is never echoed). */
function readWith(parse: (value: string) => number, value: string, ctx: z.RefinementCtx): number {
  try {
    return parse(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

const Env = z
  .object({
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)').optional(),
    STRIPE_CLIENT_ID: z.string().regex(/^ca_[A-Za-z0-9_]+$/, 'must be a Connect client id (ca_…)').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'must be a webhook signing secret (whsec_…)').optional(),
    STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    STRIPE_MODE: z.enum(['sandbox', 'stripe'], 'must be sandbox or stripe').optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    DATA_DIR: z.string().min(1).optional(),
    RECONNECT_API_KEY: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    SESSION_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 random bytes)').optional(),
    ALLOWED_ORIGINS: z
      .string()
      .superRefine((list, ctx) => {
        for (const value of splitList(list)) {
          if (!isPlainOrigin(value)) ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin like https://app.example.com` });
        }
      })
      .optional(),
    PUBLIC_URL: origin.optional(),
    BASE_PATH: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must look like /stripe-reconnect')
      .default('/stripe-reconnect'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    HOST_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    HOST_WEBHOOK_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    PLATFORM_NAME: z.string().trim().min(1).max(100, 'must be at most 100 characters').optional(),
    TRUST_PROXY: z
      .string()
      .superRefine((value, ctx) => {
        try {
          parseTrustProxy(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^TRUST_PROXY: /, '') });
        }
      })
      .optional(),
    RECHECK_INTERVAL: z
      .string()
      .transform((value, ctx) => readWith(parseInterval, value, ctx))
      .optional(),
    RECHECK_RATE: z
      .string()
      .transform((value, ctx) => readWith(parseRate, value, ctx))
      .optional(),
    METRICS_TOKEN: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
  })
  .superRefine((env, ctx) => {
    const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    const set = STRIPE_KEYS.filter((key) => env[key]);
    const missing = STRIPE_KEYS.filter((key) => !env[key]);
    if (env.STRIPE_MODE === 'sandbox') {
      for (const key of set) problem(key, 'must not be set with STRIPE_MODE=sandbox (the built-in sandbox never uses it)');
    } else if (env.STRIPE_MODE === 'stripe' || set.length > 0) {
      const why = env.STRIPE_MODE === 'stripe' ? 'with STRIPE_MODE=stripe' : 'when any of the Stripe keys is set';
      for (const key of missing) problem(key, `is required ${why}`);
    } else {
      // No keys and no mode said: the sandbox and its development secrets, but only where nobody else can reach them.
      const exposed = [!isLoopback(env.HOST) && 'HOST is not a loopback address', env.DATABASE_URL && 'DATABASE_URL is set'].filter(Boolean);
      for (const key of exposed.length ? missing : []) {
        problem(key, `is required when ${exposed.join(' and ')} (STRIPE_MODE=sandbox runs the built-in sandbox there on purpose)`);
      }
    }
    if (env.STRIPE_MODE !== 'sandbox' && set.length === 3) {
      // Real Stripe: no development defaults for the secrets that protect tenants, and no published or trivial values.
      for (const key of ['RECONNECT_API_KEY', 'SESSION_SECRET', 'ENCRYPTION_KEY', 'PUBLIC_URL', 'ALLOWED_ORIGINS'] as const) {
        if (!env[key]) problem(key, 'is required with real Stripe keys');
      }
      if (env.RECONNECT_API_KEY === DEVELOPMENT_SECRETS.apiKey) problem('RECONNECT_API_KEY', 'is the published development value; use a random one');
      if (env.SESSION_SECRET === DEVELOPMENT_SECRETS.sessionSecret) problem('SESSION_SECRET', 'is the published development value; use a random one');
      for (const value of splitList(env.ALLOWED_ORIGINS ?? '')) {
        const why = originProblem(value, { httpAnywhere: false });
        if (why) problem('ALLOWED_ORIGINS', `entry "${value.slice(0, 100)}" ${why}`);
      }
      if (env.ENCRYPTION_KEY && isRepeatedByte(env.ENCRYPTION_KEY)) {
        problem('ENCRYPTION_KEY', 'is one byte repeated (a development value); use 32 random bytes (openssl rand -hex 32)');
      }
    }
    if (env.HOST_WEBHOOK_URL && !env.HOST_WEBHOOK_SECRET) {
      problem('HOST_WEBHOOK_SECRET', 'is required when HOST_WEBHOOK_URL is set');
    }
  });


export interface Config {
  /** `sandbox`: no Stripe keys, the built-in sandbox (in-process, or at STRIPE_API_URL). */
  stripeMode: 'sandbox' | 'stripe';
  stripe: { secretKey: string; clientId: string; webhookSecret: string } | null;
  stripeApiUrl: string | null;
  databaseUrl: string | null;
  dataDir: string | null;
  apiKey: string;
  sessionSecret: string;
  encryptionKey: string;
  allowedOrigins: string[];
  publicUrl: string;
  basePath: string;
  host: string;
  port: number;
  sandboxPort: number | null;
  hostWebhook: { url: string; secret: string } | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  usesDevelopmentDefaults: boolean;
  /** `TRUST_PROXY` as given (hops or proxy addresses), or null to trust no X-Forwarded-For. */
  trustProxy: string | null;
  /** `PLATFORM_NAME`: the product's name in the element's texts, or null. */
  platformName: string | null;
  /** `RECHECK_INTERVAL` (seconds) and `RECHECK_RATE`: the standalone server always re-checks. */
  recheck: { intervalSeconds: number; rate: number };
  /** `METRICS_TOKEN`: `GET /metrics` exists only with it. */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN_STRIPE_VARIABLES = new Set<string>([...STRIPE_KEYS, 'STRIPE_API_URL', 'STRIPE_MODE']);

/** When a Stripe key is missing, the STRIPE_* variables this server does not read are likely its misspellings. */
function misspellings(env: Record<string, unknown>, problems: string[]): string[] {
  if (!problems.some((p) => STRIPE_KEYS.some((key) => p.startsWith(`${key} is required`)))) return [];
  return Object.keys(env)
    .filter((name) => name.startsWith('STRIPE_') && !KNOWN_STRIPE_VARIABLES.has(name))
    .map((name) => `${name} is not a variable this server reads (misspelled? the keys are ${STRIPE_KEYS.join(', ')})`);
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable means unset, as in most shells' `VAR= cmd`.
  const env = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never echo the value (it may be a secret).
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
    throw new ConfigError([...problems, ...misspellings(env, problems)]);
  }
  const e = parsed.data;
  const real = Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_CLIENT_ID && e.STRIPE_WEBHOOK_SECRET);
  const publicUrl = e.PUBLIC_URL ?? `http://${urlHost(e.HOST)}:${e.PORT}`;
  const origins = splitList(e.ALLOWED_ORIGINS ?? '');
  return {
    stripeMode: real ? 'stripe' : 'sandbox',
    stripe: real ? { secretKey: e.STRIPE_SECRET_KEY!, clientId: e.STRIPE_CLIENT_ID!, webhookSecret: e.STRIPE_WEBHOOK_SECRET! } : null,
    stripeApiUrl: e.STRIPE_API_URL ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR ?? null,
    apiKey: e.RECONNECT_API_KEY ?? DEVELOPMENT_SECRETS.apiKey,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SECRETS.sessionSecret,
    encryptionKey: e.ENCRYPTION_KEY ?? DEVELOPMENT_SECRETS.encryptionKey,
    allowedOrigins: origins.length ? origins : [publicUrl],
    publicUrl,
    basePath: e.BASE_PATH,
    host: e.HOST,
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT ?? null,
    hostWebhook: e.HOST_WEBHOOK_URL && e.HOST_WEBHOOK_SECRET ? { url: e.HOST_WEBHOOK_URL, secret: e.HOST_WEBHOOK_SECRET } : null,
    logLevel: e.LOG_LEVEL,
    usesDevelopmentDefaults: !e.RECONNECT_API_KEY || !e.SESSION_SECRET || !e.ENCRYPTION_KEY,
    trustProxy: e.TRUST_PROXY ?? null,
    platformName: e.PLATFORM_NAME ?? null,
    recheck: { intervalSeconds: e.RECHECK_INTERVAL ?? DEFAULT_INTERVAL_SECONDS, rate: e.RECHECK_RATE ?? DEFAULT_RATE },
    metricsToken: e.METRICS_TOKEN ?? null,
  };
}
