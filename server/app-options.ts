/**
 * What `createApp` takes, each option with the environment variable the
 * standalone server reads for it, and the default rate limits. Kept apart
 * from `app.ts` so the options read as one documented list.
 */
import type { Clock } from './clock.js';
import type { HostWebhookOptions } from './host-webhooks/index.js';
import type { HousekeepingOptions } from './housekeeping.js';
import type { Logger } from './logger.js';
import type { TrustProxy } from './middleware/client-address.js';
import type { RateLimitRule } from './middleware/rate-limit.js';
import type { Store } from './store/index.js';
import type { StripeGateway, StripeGatewayOptions } from './stripe/gateway.js';

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
  /**
   * `HOST_WEBHOOK_URL` and `HOST_WEBHOOK_SECRET`: every change of a tenant's
   * connection is written to the outbox with the change and delivered there,
   * signed. The app runs the delivery worker; `app.close()` stops it.
   */
  hostWebhook?: HostWebhookOptions;
  logger?: Logger;
  now?: Clock;
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
  /**
   * Re-check every connection with Stripe on a schedule (`RECHECK_INTERVAL`,
   * `RECHECK_RATE`): present, the app runs the re-checks, sharing the work
   * and the rate with every other app on the same database; absent, it runs
   * none. `app.close()` stops them. `interval` is `'24h'`, `'6h'`, `'15m'`,
   * `'90s'` or a number of seconds (default 24 h); `rate` is Stripe calls
   * per second for re-checks, all instances together (default 5).
   */
  recheck?: RecheckOption;
  /**
   * `METRICS_TOKEN` (32 characters or more): serves `GET /metrics`
   * (Prometheus text) to `Authorization: Bearer <token>`. Without it the
   * route does not exist.
   */
  metricsToken?: string;
}

/** `createApp({ recheck })`. */
export interface RecheckOption {
  interval?: string | number;
  rate?: number;
}
