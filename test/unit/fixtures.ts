/** Records and Stripe facts for the pure rules' tables: times are minutes after T0. */
import { emptyTenant, type TenantRecord } from '../../server/store/records.js';
import type { ObservedFacts } from '../../server/reconnect/transitions.js';

export const T0 = new Date('2026-11-20T10:00:00.000Z');
export const DAY = 86_400_000;
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const inDays = (days: number, from = T0) => new Date(from.getTime() + days * DAY);

export const ACCOUNT = { id: 'acct_1Acme', name: 'Acme Inc', publishableKey: 'pk_test_acme000000', livemode: false };
export const OTHER = { id: 'acct_1Beta', name: 'Beta LLC', publishableKey: 'pk_test_beta000000', livemode: false };

/** A connection made at T0 and last confirmed at T0, changed by `over`. */
export function record(over: Partial<TenantRecord> = {}): TenantRecord {
  return { ...emptyTenant('shop', T0), state: 'connected', account: ACCOUNT, connectedAt: T0, checkedAt: T0, ...over };
}

export const problem = (code: NonNullable<TenantRecord['problem']>['code'], since: Date, details: NonNullable<TenantRecord['problem']>['details'] = null) => ({
  code,
  since,
  details,
});

/** Stripe's answer for an account that takes payments and is asked nothing, changed by `over`. */
export function facts(over: Partial<Omit<ObservedFacts, 'requirements'>> & { requirements?: Partial<ObservedFacts['requirements']> } = {}): ObservedFacts {
  const { requirements, ...rest } = over;
  return {
    name: 'Acme Inc',
    chargesEnabled: true,
    payoutsEnabled: true,
    ...rest,
    requirements: { disabledReason: null, pastDue: [], currentlyDue: [], currentDeadline: null, ...requirements },
  };
}

const FIELDS = ['company.tax_id'];

/** Charges and payouts off for information past due, as Stripe shows it. */
export const pausedFacts = (over: Partial<ObservedFacts['requirements']> & { charges?: boolean; payouts?: boolean } = {}) => {
  const { charges = false, payouts = false, ...requirements } = over;
  return facts({
    chargesEnabled: charges,
    payoutsEnabled: payouts,
    requirements: { disabledReason: 'requirements.past_due', pastDue: FIELDS, currentlyDue: FIELDS, ...requirements },
  });
};

/** Information due by `deadline`; payments still work. */
export const dueFacts = (deadline: Date) => facts({ requirements: { currentlyDue: FIELDS, currentDeadline: deadline } });
