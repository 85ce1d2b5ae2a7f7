import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Telemetry } from './metrics/telemetry.js';
import type { Cipher } from './security/encryption.js';
import type { Store } from './store/index.js';
import type { StripeGateway } from './stripe/gateway.js';

/** The collaborators every route and flow uses; built once by `createApp`. */
export interface Services {
  store: Store;
  stripe: StripeGateway;
  cipher: Cipher;
  /** Signs session tokens and OAuth state (each with its own derived key). */
  sessionSecret: string;
  logger: Logger;
  now: Clock;
  /** The absolute `redirect_uri` Stripe sends the browser back to. */
  callbackUrl: string;
  allowedOrigins: ReadonlySet<string>;
  /** Checks, flows and Stripe calls, told to the metrics when they are on. */
  telemetry?: Telemetry;
}
