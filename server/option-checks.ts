import { isPlainOrigin } from '../contract/schemas.js';

/**
 * The development values `npm start` and the demo use with the built-in
 * sandbox. They are published (in this repository), so with real Stripe
 * they would protect nothing: both `loadConfig` and `createApp` refuse them.
 */
export const DEVELOPMENT_SECRETS = {
  apiKey: 'dev-reconnect-api-key-for-the-sandbox-only-0000',
  sessionSecret: 'dev-session-secret-for-the-sandbox-only-000000',
  encryptionKey: '0'.repeat(64),
} as const;

/** Where only this machine can connect: the sandbox and the development secrets are safe there. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^(\[?::1\]?|(::ffff:)?127(\.\d{1,3}){3})$/i.test(host);
}

/** The shortest API key, session secret, host webhook secret or metrics token accepted with real Stripe. */
export const MIN_SECRET_LENGTH = 32;

/** An encryption key of one byte repeated: a placeholder, not a key. */
export function isRepeatedByte(hex: string): boolean {
  return /^(..)\1{31}$/.test(hex.toLowerCase());
}

/**
 * Why `value` is not an origin pages may embed the element from, or null:
 * a plain origin ({@link isPlainOrigin}), https, or http only on this
 * machine unless `httpAnywhere`.
 */
export function originProblem(value: string, { httpAnywhere }: { httpAnywhere: boolean }): string | null {
  if (!isPlainOrigin(value)) return 'is not an origin like https://app.example.com (no path, no trailing slash)';
  const { protocol, hostname } = new URL(value);
  if (protocol === 'https:') return null;
  if (protocol === 'http:' && (httpAnywhere || isLoopback(hostname))) return null;
  return 'must be https:// (http:// only for a loopback host)';
}

export interface CheckedOptions {
  apiKey: string;
  sessionSecret: string;
  encryptionKey: string;
  publicUrl: string;
  allowedOrigins: readonly string[];
  hostWebhook?: { secret: string } | undefined;
  metricsToken?: string | undefined;
}

/**
 * The problems of `createApp`'s options, each naming the option and never
 * echoing its value (it may be a secret). Origins must be plain origins,
 * the encryption key 32 bytes and the metrics token long enough, whatever
 * the gateway. With a real Stripe gateway (`realStripe`), nothing
 * of the development setup is accepted: short or published secrets, a
 * placeholder encryption key, or plain http off this machine.
 */
export function optionProblems(options: CheckedOptions, realStripe: boolean): string[] {
  const problems: string[] = [];
  options.allowedOrigins.forEach((origin, i) => {
    const problem = originProblem(origin, { httpAnywhere: !realStripe });
    if (problem) problems.push(`allowedOrigins[${i}] ${problem}`);
  });
  if (!/^[0-9a-fA-F]{64}$/.test(options.encryptionKey)) problems.push('encryptionKey must be 64 hex characters (32 random bytes)');
  // Whatever the gateway: the metrics route is as open as this token is long.
  if (options.metricsToken !== undefined && options.metricsToken.length < MIN_SECRET_LENGTH) {
    problems.push(`metricsToken must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (!realStripe) return problems;

  const secrets: Array<[string, string | undefined, string?]> = [
    ['apiKey', options.apiKey, DEVELOPMENT_SECRETS.apiKey],
    ['sessionSecret', options.sessionSecret, DEVELOPMENT_SECRETS.sessionSecret],
    ['hostWebhook.secret', options.hostWebhook?.secret],
  ];
  for (const [name, value, published] of secrets) {
    if (value === undefined) continue;
    if (value === published) problems.push(`${name} is the published development value; use a random one`);
    else if (value.length < MIN_SECRET_LENGTH) problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters with real Stripe`);
  }
  if (isRepeatedByte(options.encryptionKey)) problems.push('encryptionKey is one byte repeated (a development value); use 32 random bytes (openssl rand -hex 32)');
  const publicUrl = originProblem(safeOrigin(options.publicUrl), { httpAnywhere: false });
  if (publicUrl) problems.push(`publicUrl ${publicUrl}`);
  return problems;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
