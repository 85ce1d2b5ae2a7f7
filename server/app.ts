import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULT_RATE_LIMITS, type AppOptions } from './app-options.js';
import { systemClock } from './clock.js';
import type { AppEnv } from './env.js';
import { errorHandler, notFound } from './errors.js';
import { createHostWebhooks, deliveriesOf, type HostWebhooks } from './host-webhooks/index.js';
import { createHousekeeping, type Housekeeping } from './housekeeping.js';
import { createLogger } from './logger.js';
import { clientAddressResolver } from './middleware/client-address.js';
import { createMemoryLimiter } from './middleware/memory-limiter.js';
import { createRateLimiter } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import { optionProblems } from './option-checks.js';
import { createFleetView } from './fleet/fleet-view.js';
import { instrumentGateway } from './metrics/instrument-gateway.js';
import { createMetrics } from './metrics/metrics.js';
import { startRechecker, type Rechecker } from './recheck/rechecker.js';
import { recheckSettings } from './recheck/settings.js';
import { createConnections } from './reconnect/connections.js';
import { adminRoutes } from './routes/admin.js';
import { fleetRoutes } from './routes/fleet.js';
import { metricsRoutes } from './routes/metrics.js';
import { healthRoutes } from './routes/health.js';
import { oauthRoutes } from './routes/oauth.js';
import { webhookRoutes } from './routes/webhooks.js';
import { widgetRoutes } from './routes/widget.js';
import { createCipher } from './security/encryption.js';
import type { Services } from './services.js';
import { createStripeGateway, type StripeGateway } from './stripe/gateway.js';

export { DEFAULT_RATE_LIMITS, type AppOptions, type RateLimits, type RecheckOption } from './app-options.js';

export interface ReconnectApp extends Hono<AppEnv> {
  /** The purge that keeps storage bounded: it runs by itself on traffic; `housekeeping.run()` runs it now. */
  readonly housekeeping: Housekeeping;
  /** The host webhooks, when `hostWebhook` is configured: `hostWebhooks.worker.drain()` delivers what is due now. */
  readonly hostWebhooks: HostWebhooks | null;
  /** The re-checks, when `recheck` is given. */
  readonly rechecker: Rechecker | null;
  /** Stops the app's background work (re-checks, and host webhook deliveries in flight end first); the store stays open. */
  close(): Promise<void>;
}

function isStripeGateway(value: AppOptions['stripe']): value is StripeGateway {
  return typeof (value as StripeGateway).exchangeCode === 'function';
}

const limitBody = bodyLimit({ maxSize: 64 * 1024 });

/** The methods whose requests may carry a body; only these go through the body cap. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Caps request bodies at 64 KB, but for Stripe's events (`webhookPath`),
 * which their own route takes up to 1 MB. Registered for `BODY_METHODS`
 * only, so that `GET /status` does not go through it at all: bodyLimit reads
 * `req.body`, which makes @hono/node-server build a full web Request, and
 * even a layer that only calls `next()` costs the hot path a dispatch.
 */
const limitBodies =
  (webhookPath: string): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    c.req.path === webhookPath ? next() : limitBody(c, next);

/**
 * The stripe-reconnect backend as a Hono app, mounted at `basePath`, and
 * where its parts are built: the checked options, the Stripe gateway, the
 * services every route uses, the limits, the housekeeping, the host
 * webhooks, the re-checks and the metrics. It keeps no state of its own
 * beyond short caches, so any number of apps (processes) can share one store.
 */
export function createApp(options: AppOptions): ReconnectApp {
  const { store, basePath = '/stripe-reconnect', logger = createLogger(), now = systemClock } = options;
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) throw new Error(`basePath must look like /stripe-reconnect, got ${basePath}`);
  const gateway = isStripeGateway(options.stripe) ? options.stripe : createStripeGateway(options.stripe);
  const problems = optionProblems(options, gateway.reachesStripe !== false);
  if (problems.length) throw new Error(`createApp: ${problems.join('; ')}`);
  const allowedOrigins = new Set(options.allowedOrigins);
  const recheck = options.recheck ? recheckSettings(options.recheck) : null;
  const metrics = options.metricsToken ? createMetrics({ store, basePath, recheck, now }) : null;
  const services: Services = {
    store,
    stripe: metrics ? instrumentGateway(gateway, metrics.telemetry) : gateway,
    cipher: createCipher(options.encryptionKey),
    sessionSecret: options.sessionSecret,
    logger,
    now,
    callbackUrl: new URL(`${basePath}/oauth/callback`, options.publicUrl).toString(),
    startUrl: new URL(`${basePath}/oauth/start`, options.publicUrl).toString(),
    allowedOrigins,
    ...(metrics && { telemetry: metrics.telemetry }),
  };
  const hostWebhooks = options.hostWebhook ? createHostWebhooks(store, { now, ...options.hostWebhook, logger }) : null;
  const connections = createConnections(services, {
    ...(options.statusReuseMs !== undefined && { statusReuseMs: options.statusReuseMs }),
    deliveries: deliveriesOf(store),
  });
  const limiter = createRateLimiter(store, now);
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const clientAddress = clientAddressResolver(options.trustProxy);
  const housekeeping = createHousekeeping(store, now, logger, options.housekeeping);
  const { sessionSecret } = options;

  const fleet = createFleetView({ store, sessionSecret: options.sessionSecret, recheck, now });
  const stopCountingFlows = metrics
    ? store.tenants.onAttempt((attempt) => metrics.telemetry.flowEnded(attempt.outcome === 'success' ? 'success' : (attempt.code ?? 'internal')))
    : () => {};

  const app = new Hono<AppEnv>()
    .basePath(basePath)
    // Every answer is counted, errors and 404s included; the housekeeping runs on traffic (a host that only mounts the app needs no timer).
    .use(requestContext({ logger, onRequest: () => housekeeping.poke(), ...(metrics && { onAnswer: (c, seconds) => metrics.http.observe(c, seconds) }) }))
    .on(BODY_METHODS, '/*', limitBodies(`${basePath}/webhooks/stripe`))
    .route('/', healthRoutes({ store }))
    .route('/', adminRoutes({ connections, apiKey: options.apiKey, sessionSecret, allowedOrigins, limiter, limits, clientAddress, now }))
    .route(
      '/',
      oauthRoutes({
        connections,
        allowedOrigins,
        logger,
        limiter,
        limits,
        junk: createMemoryLimiter(limits.callbackPerAddress, now),
        clientAddress,
        cookie: { path: new URL(`${basePath}/oauth/`, options.publicUrl).pathname, secure: new URL(options.publicUrl).protocol === 'https:' },
        now,
        platformName: options.platformName,
      }),
    )
    .route('/', webhookRoutes({ connections, stripe: services.stripe }))
    .route('/', widgetRoutes({ connections, sessionSecret, allowedOrigins, limiter, limits, now, platformName: options.platformName }))
    .route('/', fleetRoutes({ fleet, apiKey: options.apiKey }));
  if (metrics && options.metricsToken) app.route('/', metricsRoutes({ metrics, token: options.metricsToken }));
  app.notFound(notFound);
  app.onError(errorHandler(logger));

  const rechecker = recheck ? startRechecker({ ...recheck, store, recheck: connections.recheck, logger, now }) : null;
  return Object.assign(app, {
    housekeeping,
    hostWebhooks,
    rechecker,
    async close() {
      stopCountingFlows();
      await rechecker?.stop();
      await hostWebhooks?.stop();
    },
  });
}
