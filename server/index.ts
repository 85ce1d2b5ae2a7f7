/**
 * stripe-reconnect/server: the backend as a library.
 *
 * Mount `createApp(...)` in a Hono (or any fetch-based) server, mint widget
 * sessions in-process with `mintSession`, and verify host webhooks with
 * `verifyHostWebhook`.
 */
export { createApp, DEFAULT_RATE_LIMITS, type AppOptions, type RateLimits, type ReconnectApp, type RecheckOption } from './app.js';
export type { Rechecker, RecheckSettings } from './recheck/rechecker.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { startStandalone, type Standalone, type StandaloneOptions } from './standalone.js';
export { mintSession, type MintSessionOptions } from './security/session-token.js';
export { ATTEMPTS_PER_TENANT, RETENTION_DAYS, type Housekeeping, type HousekeepingOptions } from './housekeeping.js';
export type { TrustProxy } from './middleware/client-address.js';
export type { PurgeCounts } from './store/index.js';
export { createEmbeddedStore, createPostgresStore, createStore, type Store } from './store/index.js';
export { createStripeGateway, type StripeGateway, type StripeGatewayOptions } from './stripe/gateway.js';
export {
  startDeliveryWorker,
  verifyHostWebhook,
  signHostWebhook,
  HostWebhookSignatureError,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type HostWebhookOptions,
  type HostWebhooks,
  type VerifyHostWebhookOptions,
} from './host-webhooks/index.js';
export { startBackend, type Backend, type BackendOptions } from './backend.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export { ReconnectError } from './errors.js';
export * from '../contract/index.js';
