/**
 * The shapes of DESIGN.md as zod schemas, and their types.
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

export const Origin = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://app.example.com (scheme, host and port only)');

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

export const AccountSchema = z.object({
  id: AccountId,
  name: z.string().nullable(),
  publishableKey: z.string().nullable(),
  livemode: z.boolean(),
});

export const ExpectedAccountSchema = z.object({
  id: AccountId.nullable(),
  publishableKey: z.string().nullable(),
  name: z.string().nullable(),
});

/** What Stripe says about an account whose payments it paused, as last observed. */
export const PausedDetailsSchema = z
  .object({
    charges: z.boolean().describe('Stripe’s charges_enabled: false when the account cannot take payments'),
    payouts: z.boolean().describe('Stripe’s payouts_enabled: false when money is held in the account'),
    reason: z.string().nullable().describe('Stripe’s requirements.disabled_reason, e.g. requirements.past_due, under_review, rejected.fraud'),
    deadline: IsoTime.nullable().describe('Stripe’s requirements.current_deadline: when more of what is asked is due'),
  })
  .describe('Set for payments_paused only');

export const ProblemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  since: IsoTime,
  details: PausedDetailsSchema.nullable().describe('For payments_paused: Stripe’s facts; null for the other problems'),
});

/** The connection works, but Stripe needs information by `deadline` (within 14 days when observed). */
export const WarningSchema = z
  .object({
    code: z.enum(WARNING_CODES),
    deadline: IsoTime,
  })
  .describe('State stays connected: Stripe needs information (requirements.currently_due) by requirements.current_deadline, within 14 days');

/** A person of the host, as the session that acted named them (`user` of `POST /sessions`). */
export const PersonSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const LastAttemptSchema = z.object({
  outcome: z.enum(['success', 'error']),
  code: ErrorCodeSchema.nullable(),
  at: IsoTime,
  by: PersonSchema.nullable().describe('Who tried, when the session named a user'),
});

export const StatusSchema = z.object({
  state: z.enum(STATES),
  problem: ProblemSchema.nullable(),
  account: AccountSchema.nullable(),
  expected: ExpectedAccountSchema.nullable(),
  lastAttempt: LastAttemptSchema.nullable(),
  connectedBy: PersonSchema.nullable().describe('Who made the current connection, when their session named a user'),
  warning: WarningSchema.nullable().describe('Only while connected; null unless Stripe needs information by a deadline within 14 days'),
  connectedAt: IsoTime.nullable(),
  checkedAt: IsoTime.nullable(),
});

/** The account that was picked in Stripe, carried by the account errors of a completion. */
export const PickedAccountSchema = z.object({
  id: AccountId,
  name: z.string().nullable(),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    requestId: z.string(),
    /** Only with `account_mismatch`, `account_already_integrated`, `account_ineligible` and `livemode_mismatch`. */
    account: PickedAccountSchema.optional(),
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

export const AttemptSchema = z.object({
  at: IsoTime,
  outcome: z.enum(['success', 'error']),
  code: ErrorCodeSchema.nullable(),
  accountId: AccountId.nullable(),
  mode: z.enum(FLOW_MODES).nullable(),
  requestId: z.string().nullable(),
  by: PersonSchema.nullable(),
});

export const DeliverySchema = z.object({
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

export const TenantDetailsSchema = z.object({
  tenantId: z.string(),
  status: StatusSchema,
  attempts: z.array(AttemptSchema),
  deliveries: z.array(DeliverySchema),
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

export const ConnectResponse = z.object({
  authorizeUrl: z.string(),
  expiresAt: IsoTime,
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
export const OutcomeMessageSchema = z.discriminatedUnion('outcome', [
  z.object({
    type: z.literal('stripe-reconnect:outcome'),
    outcome: z.literal('pending'),
    completion: z.string().regex(/^cmp_[A-Za-z0-9_-]{43}$/),
    requestId: z.string(),
  }),
  z.object({
    type: z.literal('stripe-reconnect:outcome'),
    outcome: z.literal('error'),
    code: ErrorCodeSchema,
    requestId: z.string(),
  }),
]);

// Outbound webhooks to the host backend.

export const HostEventSchema = z.object({
  id: z.string(),
  type: z.enum(HOST_EVENT_TYPES),
  createdAt: IsoTime,
  tenantId: z.string(),
  status: StatusSchema,
  reason: z.enum(BROKEN_REASONS).nullable().describe('For connection.broken: why; null for the other types'),
  by: PersonSchema.nullable().describe('The person whose action caused the change (their session named a user); null for changes from Stripe'),
});

export type Account = z.infer<typeof AccountSchema>;
export type ExpectedAccount = z.infer<typeof ExpectedAccountSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
export type PausedDetails = z.infer<typeof PausedDetailsSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type LastAttempt = z.infer<typeof LastAttemptSchema>;
export type Status = z.infer<typeof StatusSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type PickedAccount = z.infer<typeof PickedAccountSchema>;
export type SessionUserInput = z.infer<typeof SessionUser>;
export type CreateSessionInput = z.infer<typeof CreateSessionRequest>;
export type CreateSessionOutput = z.infer<typeof CreateSessionResponse>;
export type ImportLegacyInput = z.infer<typeof ImportLegacyRequest>;
export type Attempt = z.infer<typeof AttemptSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type TenantDetails = z.infer<typeof TenantDetailsSchema>;
export type ConnectInput = z.infer<typeof ConnectRequest>;
export type ConnectOutput = z.infer<typeof ConnectResponse>;
export type CompleteInput = z.infer<typeof CompleteRequest>;
export type OutcomeMessage = z.infer<typeof OutcomeMessageSchema>;
export type HostEvent = z.infer<typeof HostEventSchema>;
