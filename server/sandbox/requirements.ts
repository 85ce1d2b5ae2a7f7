/**
 * What Stripe says about whether an account can take payments: the facts the
 * account object shows (`charges_enabled`, `payouts_enabled`,
 * `details_submitted` and the `requirements` hash), and the conditions the
 * sandbox's controls put an account in (payments paused, information due by
 * a date, healthy). Builders check their input and throw
 * `InvalidConditionError`, so the in-process controls refuse what the HTTP
 * control API refuses.
 */

/** Stripe's `requirements.disabled_reason` values (stripe-node v23's `Account.Requirements.DisabledReason`). */
export const DISABLED_REASONS = [
  'action_required.requested_capabilities',
  'listed',
  'other',
  'platform_paused',
  'rejected.fraud',
  'rejected.incomplete_verification',
  'rejected.listed',
  'rejected.other',
  'rejected.platform_fraud',
  'rejected.platform_other',
  'rejected.platform_terms_of_service',
  'rejected.terms_of_service',
  'requirements.past_due',
  'requirements.pending_verification',
  'under_review',
] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/** The `requirements` hash as the sandbox keeps it (Stripe's lists; the deadline in unix seconds). */
export interface AccountRequirements {
  disabledReason: DisabledReason | null;
  currentlyDue: string[];
  eventuallyDue: string[];
  pastDue: string[];
  pendingVerification: string[];
  /** Unix seconds; set while `currentlyDue` has fields with a deadline. */
  currentDeadline: number | null;
}

/** Everything a condition sets on an account. */
export interface AccountFacts {
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: AccountRequirements;
}

/** A deadline as the controls take it: unix seconds (Stripe's format) or an ISO 8601 date-time. */
export type DeadlineInput = number | string;

/** Payments paused by Stripe. */
export interface PauseSpec {
  /** Default false: charges stop. */
  chargesEnabled?: boolean;
  /** Default false: payouts stop. */
  payoutsEnabled?: boolean;
  /** Default `requirements.past_due`. */
  reason?: DisabledReason;
  /**
   * The fields Stripe asks for: `past_due` (and `currently_due`) with
   * `requirements.past_due`, `pending_verification` with
   * `requirements.pending_verification`, `currently_due` when a deadline is given.
   */
  fields?: string[];
  /** Stripe's `current_deadline` for more of what is asked: when what still works stops too. */
  deadline?: DeadlineInput;
}

/** Information Stripe needs by a date; charges and payouts still work. */
export interface InformationDueSpec {
  deadline: DeadlineInput;
  /** `currently_due`; default `DUE_FIELDS`. */
  fields?: string[];
}

/** A control asked for something Stripe would never show (both enabled in a pause, a deadline already past…). */
export class InvalidConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConditionError';
  }
}

/** What a paused or due account is asked for unless the control names fields. */
export const DUE_FIELDS = ['company.tax_id', 'representative.verification.document'];
/** What Stripe verifies while `requirements.pending_verification` holds an account. */
export const VERIFYING_FIELDS = ['representative.verification.document'];
/** What an account created on the authorize page has not given yet. */
export const ONBOARDING_FIELDS = ['business_profile.mcc', 'business_profile.url', 'external_account', 'tos_acceptance.date'];

/** Requirement field names as Stripe writes them (`company.tax_id`, `person_1Abc.verification.document`). */
export const FIELD_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const MAX_FIELDS = 20;
export const MAX_FIELD_LENGTH = 100;
/** 2100-01-01: anything later is a typo, not a deadline. */
const LATEST_DEADLINE = 4_102_444_800;

const requirements = (over: Partial<AccountRequirements> = {}): AccountRequirements => ({
  disabledReason: null,
  currentlyDue: [],
  eventuallyDue: [],
  pastDue: [],
  pendingVerification: [],
  currentDeadline: null,
  ...over,
});

/** An onboarded account Stripe asks nothing of: the seed accounts' default, and what `clear` restores. */
export function healthyFacts(): AccountFacts {
  return { chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, requirements: requirements() };
}

/** A brand-new account that has not finished onboarding, as on Stripe: nothing works until it does. */
export function notOnboardedFacts(): AccountFacts {
  const fields = [...ONBOARDING_FIELDS];
  return {
    chargesEnabled: false,
    payoutsEnabled: false,
    detailsSubmitted: false,
    requirements: requirements({ disabledReason: 'requirements.past_due', currentlyDue: fields, eventuallyDue: [...fields], pastDue: [...fields] }),
  };
}

/** Unix seconds of a deadline, refused unless it is after `nowMs`. */
export function deadlineSeconds(input: DeadlineInput, nowMs: number): number {
  const seconds = typeof input === 'number' ? input : Date.parse(input) / 1000;
  if (!Number.isFinite(seconds)) throw new InvalidConditionError(`deadline "${String(input)}" is neither unix seconds nor an ISO 8601 date-time.`);
  const whole = Math.floor(seconds);
  if (whole * 1000 <= nowMs) throw new InvalidConditionError('deadline must be in the future: information already late is past due (pause the account instead).');
  if (whole > LATEST_DEADLINE) throw new InvalidConditionError('deadline is after the year 2100.');
  return whole;
}

function checkFields(fields: string[] | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  if (fields.length === 0 || fields.length > MAX_FIELDS) throw new InvalidConditionError(`fields must list 1 to ${MAX_FIELDS} requirement fields.`);
  for (const field of fields) {
    if (typeof field !== 'string' || field.length > MAX_FIELD_LENGTH || !FIELD_PATTERN.test(field)) {
      throw new InvalidConditionError(`"${String(field).slice(0, MAX_FIELD_LENGTH)}" is not a requirement field name (like company.tax_id).`);
    }
  }
  return [...new Set(fields)];
}

/** Payments paused: at least one of charges and payouts off, with Stripe's reason and the lists that reason shows. */
export function pausedFacts(spec: PauseSpec, detailsSubmitted: boolean, nowMs: number): AccountFacts {
  const { chargesEnabled = false, payoutsEnabled = false, reason = 'requirements.past_due' } = spec;
  if (chargesEnabled && payoutsEnabled) throw new InvalidConditionError('A pause turns off charges, payouts or both: chargesEnabled and payoutsEnabled cannot both be true.');
  if (!DISABLED_REASONS.includes(reason)) throw new InvalidConditionError(`reason must be one of Stripe's disabled reasons: ${DISABLED_REASONS.join(', ')}.`);
  const fields = checkFields(spec.fields);
  const deadline = spec.deadline === undefined ? null : deadlineSeconds(spec.deadline, nowMs);
  const listed = reason === 'requirements.past_due' || reason === 'requirements.pending_verification';
  if (fields && !listed && deadline === null) {
    throw new InvalidConditionError('fields apply with reason requirements.past_due or requirements.pending_verification, or with a deadline.');
  }
  const pastDue = reason === 'requirements.past_due' ? (fields ?? [...DUE_FIELDS]) : [];
  const pendingVerification = reason === 'requirements.pending_verification' ? (fields ?? [...VERIFYING_FIELDS]) : [];
  // What is due by the deadline: past-due fields stay in currently_due (Stripe lists them in both).
  const dueByDeadline = deadline === null ? [] : reason === 'requirements.past_due' ? [] : (fields ?? [...DUE_FIELDS]);
  const currentlyDue = [...pastDue, ...dueByDeadline];
  return {
    chargesEnabled,
    payoutsEnabled,
    detailsSubmitted,
    requirements: requirements({
      disabledReason: reason,
      currentlyDue,
      eventuallyDue: [...currentlyDue],
      pastDue,
      pendingVerification,
      currentDeadline: currentlyDue.length ? deadline : null,
    }),
  };
}

/** Information due by a deadline: charges and payouts still on, `currently_due` listed with a `current_deadline`. */
export function informationDueFacts(spec: InformationDueSpec, detailsSubmitted: boolean, nowMs: number): AccountFacts {
  if (spec.deadline === undefined) throw new InvalidConditionError('deadline is required.');
  const deadline = deadlineSeconds(spec.deadline, nowMs);
  const fields = checkFields(spec.fields) ?? [...DUE_FIELDS];
  return {
    chargesEnabled: true,
    payoutsEnabled: true,
    detailsSubmitted,
    requirements: requirements({ currentlyDue: fields, eventuallyDue: [...fields], currentDeadline: deadline }),
  };
}

/** A copy that shares no arrays with the original, so a later change cannot reach back into it. */
export function copyFacts(facts: AccountFacts): AccountFacts {
  const r = facts.requirements;
  return {
    ...facts,
    requirements: {
      ...r,
      currentlyDue: [...r.currentlyDue],
      eventuallyDue: [...r.eventuallyDue],
      pastDue: [...r.pastDue],
      pendingVerification: [...r.pendingVerification],
    },
  };
}
