import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import type { ErrorBody } from '../contract/schemas.js';
import type { AppEnv } from './env.js';
import { ReconnectError, defaultMessage } from './errors.js';
import { createHousekeeping, type Housekeeping, type HousekeepingOptions } from './housekeeping.js';
import { createLogger, type Logger } from './logger.js';
import { clientAddressResolver, type TrustProxy } from './middleware/client-address.js';
import { createRateLimiter, type RateLimitRule } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import { createStatusChecker, type StatusChecker } from './reconnect/status-check.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { oauthRoutes } from './routes/oauth.js';
import { webhookRoutes } from './routes/webhooks.js';
import { widgetRoutes } from './routes/widget.js';
import { createCipher } from './security/encryption.js';
import type { Services } from './services.js';
import type { Store } from './store/index.js';
import { createStripeGateway, type StripeGateway, type StripeGatewayOptions } from './stripe/gateway.js';

export interface RateLimits {
  connectPerTenant: RateLimitRule;
  completePerTenant: RateLimitRule;
  /** Callbacks whose state verifies, per tenant. */
  callbackPerTenant: RateLimitRule;
  /** Callbacks with no state this server issued (junk), per client address (see `trustProxy`). */
  callbackPerAddress: RateLimitRule;
  sessionsPerTenant: RateLimitRule;
  sessionsPerAddress: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  connectPerTenant: { limit: 20, windowSeconds: 60 },
  completePerTenant: { limit: 20, windowSeconds: 60 },
  callbackPerTenant: { limit: 20, windowSeconds: 60 },
  callbackPerAddress: { limit: 60, windowSeconds: 60 },
  sessionsPerTenant: { limit: 60, windowSeconds: 60 },
  // The host backend mints every session from a few addresses; this only stops a runaway loop.
  sessionsPerAddress: { limit: 6_000, windowSeconds: 60 },
};

export interface AppOptions {
  store: Store;
  /** A ready gateway, or the options to build one (keys, `apiUrl` for the sandbox). */
  stripe: StripeGateway | StripeGatewayOptions;
  /** `RECONNECT_API_KEY`: the host backend's key for the admin routes. */
  apiKey: string;
  /** `SESSION_SECRET`: signs session tokens and OAuth state. */
  sessionSecret: string;
  /** `ENCRYPTION_KEY`: 64 hex characters, for the refresh tokens at rest. */
  encryptionKey: string;
  /** `PUBLIC_URL`: the origin Stripe redirects the browser back to. */
  publicUrl: string;
  /** Where the app is mounted on `publicUrl`; default `/stripe-reconnect`. */
  basePath?: string;
  /** `ALLOWED_ORIGINS`: pages that may embed the widget (CORS, return URLs, popup messages). */
  allowedOrigins: readonly string[];
  /** Write host events to the outbox (deliver them with `startDeliveryWorker`). */
  hostWebhooks?: boolean;
  logger?: Logger;
  now?: () => Date;
  rateLimits?: Partial<RateLimits>;
  /** How long a status check's answer from Stripe is reused; default 5 s. */
  statusReuseMs?: number;
  /**
   * `TRUST_PROXY`: the number of proxies in front of the app (`1` behind one
   * load balancer), or their addresses and CIDR ranges (IPv4 and IPv6), so the
   * per-address limits count clients from `X-Forwarded-For`. Default: trust
   * nothing (the socket's peer is the client, the header is ignored).
   */
  trustProxy?: TrustProxy;
  /**
   * `PLATFORM_NAME`: your product's name as Stripe lists it among an account's
   * installed apps. The element uses it in its texts unless its
   * `platform-name` attribute says otherwise.
   */
  platformName?: string;
  /** How often storage is purged and what is kept (default: every 5 minutes at most, 100 attempts per tenant, 30 days). */
  housekeeping?: HousekeepingOptions;
}

export interface ReconnectApp extends Hono<AppEnv> {
  /** The services behind the routes, for hosts and tests that act in-process. */
  readonly services: Services & { checker: StatusChecker };
  /** The purge that keeps storage bounded: it runs by itself on traffic; `housekeeping.run()` runs it now. */
  readonly housekeeping: Housekeeping;
}

function isStripeGateway(value: AppOptions['stripe']): value is StripeGateway {
  return typeof (value as StripeGateway).exchangeCode === 'function';
}

function errorBody(code: ErrorCode, message: string, requestId: string, account?: ErrorBody['error']['account']): ErrorBody {
  return { error: { code, message, retryable: ERROR_CODES[code].retryable, requestId, ...(account && { account }) } };
}

/** Hono's own HTTP errors (malformed JSON, a body over the limit) in the contract's words. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'validation_failed';
  return 'internal';
}

/**
 * The stripe-reconnect backend as a Hono app, mounted at `basePath`. Give it
 * its collaborators; it keeps no state of its own beyond short caches, so
 * any number of apps (processes) can share one store.
 */
const limitBody = bodyLimit({ maxSize: 64 * 1024 });

/**
 * Caps request bodies at 64 KB. Only where a body may come: bodyLimit reads
 * `req.body`, which makes @hono/node-server build a full web Request, and on
 * `GET /status` that alone cost more than the rest of the route.
 */
const limitBodies: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' ? next() : limitBody(c, next);

export function createApp(options: AppOptions): ReconnectApp {
  const { store, basePath = '/stripe-reconnect', logger = createLogger(), now = () => new Date() } = options;
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) throw new Error(`basePath must look like /stripe-reconnect, got ${basePath}`);
  const allowedOrigins = new Set(options.allowedOrigins);
  const stripe = isStripeGateway(options.stripe) ? options.stripe : createStripeGateway(options.stripe);
  const callbackUrl = new URL(`${basePath}/oauth/callback`, options.publicUrl).toString();
  const base: Services = {
    store,
    stripe,
    cipher: createCipher(options.encryptionKey),
    sessionSecret: options.sessionSecret,
    logger,
    now,
    hostWebhooks: options.hostWebhooks ?? false,
    callbackUrl,
    allowedOrigins,
  };
  const checker = createStatusChecker(base, { reuseMs: options.statusReuseMs ?? 5_000 });
  const services = { ...base, checker };
  const limiter = createRateLimiter(store, () => now().getTime());
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const nowMs = () => now().getTime();
  const clientAddress = clientAddressResolver(options.trustProxy);
  const housekeeping = createHousekeeping(store, now, logger, options.housekeeping);

  const app = new Hono<AppEnv>()
    .basePath(basePath)
    .use(requestContext({ services }))
    .use(async function housekeepingOnTraffic(_c, next) {
      housekeeping.poke();
      await next();
    })
    .use(limitBodies)
    .route('/', healthRoutes())
    .route('/', adminRoutes({ apiKey: options.apiKey, limiter, limits, clientAddress }))
    .route('/', oauthRoutes({ limiter, limits, clientAddress }))
    .route('/', webhookRoutes())
    .route('/', widgetRoutes({ sessionSecret: options.sessionSecret, allowedOrigins, checker, limiter, limits, now: nowMs, platformName: options.platformName }));

  app.notFound((c) => c.json(errorBody('not_found', 'No such route.', c.get('requestId') ?? 'unknown'), 404));

  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    let code: ErrorCode;
    let message: string;
    let account: ErrorBody['error']['account'];
    if (err instanceof ReconnectError) {
      code = err.code;
      message = err.message;
      account = err.account;
      if (err.retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, err.retryAfter)));
    } else if (err instanceof HTTPException) {
      code = codeForStatus(err.status);
      message = code === 'internal' ? defaultMessage('internal') : err.message || defaultMessage(code);
    } else {
      code = 'internal';
      message = defaultMessage('internal');
    }
    const level = code === 'internal' ? 'error' : 'info';
    logger[level]('request failed', { requestId, method: c.req.method, path: c.req.path, code, error: err });
    return c.json(errorBody(code, message, requestId, account), ERROR_CODES[code].status as ContentfulStatusCode);
  });

  return Object.assign(app, { services, housekeeping });
}
