/**
 * The shapes of docs/design.md as zod schemas, and their types.
 *
 * The server validates with these; the widget imports only the types
 * (`import type`), so zod never reaches the browser bundle.
 */
import { z } from 'zod';
import { BROKEN_REASONS, ERROR_CODES, FLOW_MODES, HOST_EVENT_TYPES, PROBLEM_CODES, STATES, WARNING_CODES } from './codes.js';

const errorCodeNames = Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]];

export const ErrorCodeSchema = z.enum(errorCodeNames);
export const IsoTime = z.iso.datetime({ offset: true });

/** Stripe ids and keys: letters, digits and underscores, bounded so nothing huge reaches storage or logs. */
const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_]{1,250}$`));
export const AccountId = stripeId('acct_');
export const PublishableKey = z
  .string()
  .regex(/^pk_(test|live)_[A-Za-z0-9_]{8,250}$/, 'must be a Stripe publishable key (pk_test_… or pk_live_…)');

/** A tenant id chosen by the host: printable, no slashes, short enough for a URL path segment. */
export const TenantId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'may contain letters, digits and . _ : @ -');

/**
 * Whether `value` is exactly a web page's origin, `http(s)://host[:port]`:
 * no path, no trailing slash, not `null` or `*`, and no other scheme
 * (`ws://` and `ftp://` have origins too, but no page is served from them).
 */
export function isPlainOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export const Origin = z.string().max(2048).refine(isPlainOrigin, 'must be an origin such as https://app.example.com (scheme, host and port only)');

export const HttpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

export const Account = z.object({
  id: AccountId,
  name: z.string().nullable(),
  publishableKey: z.string().nullable(),
  livemode: z.boolean(),
});

export const ExpectedAccount = z.object({
  id: AccountId.nullable(),
  publishableKey: z.string().nullable(),
  name: z.string().nullable(),
});

/** What Stripe says about an account whose payments it paused, as last observed. */
export const PausedDetails = z
  .object({
    charges: z.boolean().describe('Stripe’s charges_enabled: false when the account cannot take payments'),
    payouts: z.boolean().describe('Stripe’s payouts_enabled: false when money is held in the account'),
    reason: z.string().nullable().describe('Stripe’s requirements.disabled_reason, e.g. requirements.past_due, under_review, rejected.fraud'),
    deadline: IsoTime.nullable().describe('Stripe’s requirements.current_deadline: when more of what is asked is due'),
  })
  .describe('Set for payments_paused only');

export const Problem = z.object({
  code: z.enum(PROBLEM_CODES),
  since: IsoTime,
  details: PausedDetails.nullable().describe('For payments_paused: Stripe’s facts; null for the other problems'),
});

/** The connection works, but Stripe needs information by `deadline` (within 14 days when observed). */
export const Warning = z
  .object({
    code: z.enum(WARNING_CODES),
    deadline: IsoTime,
  })
  .describe('State stays connected: Stripe needs information (requirements.currently_due) by requirements.current_deadline, within 14 days');

/** A person of the host, as the session that acted named them (`user` of `POST /sessions`). */
export const Person = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const LastAttempt = z.object({
  outcome: z.enum(['success', 'error']),
  code: ErrorCodeSchema.nullable(),
  at: IsoTime,
  by: Person.nullable().describe('Who tried, when the session named a user'),
});

export const Status = z.object({
  state: z.enum(STATES),
  problem: Problem.nullable(),
  account: Account.nullable(),
  expected: ExpectedAccount.nullable(),
  lastAttempt: LastAttempt.nullable(),
  connectedBy: Person.nullable().describe('Who made the current connection, when their session named a user'),
  warning: Warning.nullable().describe('Only while connected; null unless Stripe needs information by a deadline within 14 days'),
  connectedAt: IsoTime.nullable(),
  checkedAt: IsoTime.nullable(),
});

/** The account that was picked in Stripe, carried by the account errors of a completion. */
export const PickedAccount = z.object({
  id: AccountId,
  name: z.string().nullable(),
});

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    requestId: z.string(),
    /** Only with `account_mismatch`, `account_already_integrated`, `account_ineligible` and `livemode_mismatch`. */
    account: PickedAccount.optional(),
  }),
});

// Host backend to this backend.

/** The host's signed-in person, carried in the session token: a flow is completed only by a session of the same `id`. */
export const SessionUser = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
});

/** Sessions live at most one hour. */
export const SESSION_MAX_TTL_SECONDS = 3600;
export const SessionTtl = z.number().int().min(30).max(SESSION_MAX_TTL_SECONDS);

export const CreateSessionRequest = z.strictObject({
  tenantId: TenantId,
  origin: Origin.optional(),
  ttlSeconds: SessionTtl.optional(),
  user: SessionUser.optional(),
});

export const CreateSessionResponse = z.object({
  token: z.string(),
  expiresAt: IsoTime,
});

export const ImportLegacyRequest = z.strictObject({
  publishableKey: PublishableKey,
});

export const Attempt = z.object({
  at: IsoTime,
  outcome: z.enum(['success', 'error']),
  code: ErrorCodeSchema.nullable(),
  accountId: AccountId.nullable(),
  mode: z.enum(FLOW_MODES).nullable(),
  requestId: z.string().nullable(),
  by: Person.nullable(),
});

export const Delivery = z.object({
  eventId: z.string(),
  type: z.enum(HOST_EVENT_TYPES),
  createdAt: IsoTime,
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: IsoTime.nullable(),
  deliveredAt: IsoTime.nullable(),
});

export const TenantDetails = z.object({
  tenantId: z.string(),
  status: Status,
  attempts: z.array(Attempt),
  deliveries: z.array(Delivery),
});

// Widget to this backend.

/**
 * `returnUrl`: where a redirect flow comes back to (required then), and the
 * page a popup whose opener is gone finishes on. Its origin must be allowed.
 */
export const ConnectRequest = z.strictObject({
  mode: z.enum(FLOW_MODES),
  returnUrl: HttpUrl.optional(),
});

/**
 * `startUrl` is the backend's own one-time address (`GET /oauth/start`):
 * opened in the browser that will finish the flow, it binds the flow to that
 * browser and goes on to Stripe. `flowId` comes back beside the outcome, so
 * the element knows a return is the flow it started; `startedAt` is the
 * server's clock when the flow began, so only attempts recorded after it are
 * taken for this flow's.
 */
export const ConnectResponse = z.object({
  startUrl: z.string(),
  expiresAt: IsoTime,
  flowId: z.string(),
  startedAt: IsoTime,
});

/** `POST /connect/complete`: the one-time handle the browser that came back from Stripe received. */
export const CompleteRequest = z.strictObject({
  completion: z.string().max(256),
});

/**
 * What the callback page posts to the opener window (to the exact origin of
 * the flow, never `*`): the completion handle to redeem, or the code that
 * ended the flow (a callback code, or `rate_limited` / `internal`).
 */
export const OutcomeMessage = z.discriminatedUnion('outcome', [
  z.object({
    type: z.literal('stripe-reconnect:outcome'),
    outcome: z.literal('pending'),
    completion: z.string().regex(/^cmp_[A-Za-z0-9_-]{43}$/),
    flow: z.string(),
    requestId: z.string(),
  }),
  z.object({
    type: z.literal('stripe-reconnect:outcome'),
    outcome: z.literal('error'),
    code: ErrorCodeSchema,
    flow: z.string(),
    requestId: z.string(),
  }),
]);

// Outbound webhooks to the host backend.

export const HostEvent = z.object({
  id: z.string(),
  type: z.enum(HOST_EVENT_TYPES),
  createdAt: IsoTime,
  tenantId: z.string(),
  status: Status,
  reason: z.enum(BROKEN_REASONS).nullable().describe('For connection.broken: why; null for the other types'),
  by: Person.nullable().describe('The person whose action caused the change (their session named a user); null for changes from Stripe'),
});

export type Account = z.infer<typeof Account>;
export type ExpectedAccount = z.infer<typeof ExpectedAccount>;
export type Problem = z.infer<typeof Problem>;
export type PausedDetails = z.infer<typeof PausedDetails>;
export type Warning = z.infer<typeof Warning>;
export type Person = z.infer<typeof Person>;
export type LastAttempt = z.infer<typeof LastAttempt>;
export type Status = z.infer<typeof Status>;
export type ErrorBody = z.infer<typeof ErrorBody>;
export type PickedAccount = z.infer<typeof PickedAccount>;
export type SessionUser = z.infer<typeof SessionUser>;
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;
export type CreateSessionResponse = z.infer<typeof CreateSessionResponse>;
export type ImportLegacyRequest = z.infer<typeof ImportLegacyRequest>;
export type Attempt = z.infer<typeof Attempt>;
export type Delivery = z.infer<typeof Delivery>;
export type TenantDetails = z.infer<typeof TenantDetails>;
export type ConnectRequest = z.infer<typeof ConnectRequest>;
export type ConnectResponse = z.infer<typeof ConnectResponse>;
export type CompleteRequest = z.infer<typeof CompleteRequest>;
export type OutcomeMessage = z.infer<typeof OutcomeMessage>;
export type HostEvent = z.infer<typeof HostEvent>;
