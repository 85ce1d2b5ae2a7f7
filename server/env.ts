import type { SessionClaims } from './security/session-token.js';

/** The typed per-request variables every route and middleware shares. */
export type AppEnv = {
  Variables: {
    requestId: string;
    session: SessionClaims;
  };
};
