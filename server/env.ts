import type { SessionClaims } from './security/session-token.js';
import type { Services } from './services.js';

/** The typed per-request variables every route and middleware shares. */
export type AppEnv = {
  Variables: {
    requestId: string;
    services: Services;
    session: SessionClaims;
  };
};
