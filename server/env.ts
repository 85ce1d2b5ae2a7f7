import type { SessionClaims } from './security/session-token.js';

/** The typed per-request variables every route and middleware shares. */
export type AppEnv = {
  Variables: {
    requestId: string;
    session: SessionClaims;
    /** Headers middleware chose for the answer (see middleware/answer-headers.ts). */
    answerHeaders: Record<string, string>;
    answerHeadersSent: boolean;
  };
};
