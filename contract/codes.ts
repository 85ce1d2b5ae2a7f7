/**
 * The error codes of docs/design.md, written once for the widget and the server.
 *
 * This module has no dependencies so the element can import it without
 * pulling zod into the browser bundle.
 */

/** How an error code is answered over HTTP and whether repeating the same request can succeed. */
export interface ErrorCodeInfo {
  readonly status: number;
  /** True when the same request, repeated unchanged, may succeed (a transient failure). */
  readonly retryable: boolean;
}

export const ERROR_CODES = {
  // Outcomes of the OAuth callback, in the order the checks run.
  access_denied: { status: 403, retryable: false },
  invalid_state: { status: 400, retryable: false },
  authorization_expired: { status: 400, retryable: false },
  account_ineligible: { status: 409, retryable: false },
  stripe_unavailable: { status: 503, retryable: true },
  account_mismatch: { status: 409, retryable: false },
  account_already_integrated: { status: 409, retryable: false },
  livemode_mismatch: { status: 409, retryable: false },
  // The widget's own; the server never answers them.
  flow_cancelled: { status: 400, retryable: false },
  popup_blocked: { status: 400, retryable: false },
  // The API's.
  session_invalid: { status: 401, retryable: false },
  session_expired: { status: 401, retryable: false },
  unauthorized: { status: 401, retryable: false },
  validation_failed: { status: 400, retryable: false },
  not_found: { status: 404, retryable: false },
  rate_limited: { status: 429, retryable: true },
  internal: { status: 500, retryable: true },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes the OAuth callback can end with, besides success. */
export const CALLBACK_CODES = [
  'access_denied',
  'invalid_state',
  'authorization_expired',
  'account_ineligible',
  'stripe_unavailable',
  'account_mismatch',
  'account_already_integrated',
  'livemode_mismatch',
] as const satisfies readonly ErrorCode[];

export type CallbackCode = (typeof CALLBACK_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export const STATES = ['not_connected', 'connected', 'needs_attention', 'legacy', 'disconnected'] as const;
export type IntegrationState = (typeof STATES)[number];

export const PROBLEM_CODES = ['deauthorized', 'access_revoked', 'payments_paused', 'legacy_setup'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Why a connection that still works shows a warning: Stripe needs information by a deadline. */
export const WARNING_CODES = ['requirements_due'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** The reasons of `connection.broken`: the problems of a connection on record. */
export const BROKEN_REASONS = ['deauthorized', 'access_revoked', 'payments_paused'] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

export const FLOW_MODES = ['popup', 'redirect'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

/**
 * The query parameter a redirect flow comes back with: `pending` (then the
 * completion handle is in {@link COMPLETION_PARAM}) or an error code. The
 * server never sends `success`: only a completed flow connects anything.
 */
export const RETURN_PARAM = 'stripe_reconnect';

/** The query parameter that carries the one-time completion handle (`cmp_…`) back to the page that started the flow. */
export const COMPLETION_PARAM = 'stripe_reconnect_completion';

/**
 * The query parameter that carries the flow's id beside the outcome: the
 * element redeems a handle only for the flow this browser started.
 */
export const FLOW_PARAM = 'stripe_reconnect_flow';

/** The `type` of the message the callback page posts to the widget's window. */
export const OUTCOME_MESSAGE_TYPE = 'stripe-reconnect:outcome';

export const HOST_EVENT_TYPES = [
  'connection.connected',
  'connection.broken',
  'connection.repaired',
  'connection.disconnected',
  'connection.warning',
] as const;
export type HostEventType = (typeof HOST_EVENT_TYPES)[number];

/** The header of the widget's routes that names the host product (`PLATFORM_NAME`), percent-encoded UTF-8. */
export const PLATFORM_NAME_HEADER = 'Reconnect-Platform-Name';

/** The header that carries the signature of an outbound host webhook. */
export const HOST_SIGNATURE_HEADER = 'Reconnect-Signature';
