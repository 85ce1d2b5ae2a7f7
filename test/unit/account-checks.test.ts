/**
 * The account checks a completion runs on Stripe's answers (`checks.ts`),
 * each as a table: which grant, account and tenant make it refuse.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallbackCode } from '../../contract/codes.js';
import type { ExpectedAccount } from '../../contract/schemas.js';
import { exchangeFailureCode, isIneligible, isMismatch, isTakenByAnother, isWrongMode } from '../../server/reconnect/account-checks.js';
import type { StripeFailure } from '../../server/stripe/classify.js';
import type { AccountFacts, Grant } from '../../server/stripe/gateway.js';
import { ACCOUNT, OTHER } from './fixtures.js';

const PLATFORM = 'acct_1Platform';

const grant = (over: Partial<Grant> = {}): Grant => ({
  accountId: ACCOUNT.id,
  livemode: false,
  publishableKey: ACCOUNT.publishableKey,
  refreshToken: 'rt_test',
  scope: 'read_write',
  ...over,
});

const account = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  id: ACCOUNT.id,
  name: ACCOUNT.name,
  controlledByOtherPlatform: false,
  chargesEnabled: true,
  payoutsEnabled: true,
  requirements: { disabledReason: null, pastDue: [], currentlyDue: [], currentDeadline: null },
  ...over,
});

const expected = (over: Partial<ExpectedAccount> = {}): ExpectedAccount => ({ id: null, publishableKey: null, name: null, ...over });

describe('exchangeFailureCode: a failed code exchange, in the person’s words', () => {
  const cases: Array<[StripeFailure, CallbackCode | null]> = [
    ['invalid_grant', 'authorization_expired'],
    ['invalid_grant_mode', 'livemode_mismatch'],
    ['unavailable', 'stripe_unavailable'],
    // Not the person's doing: the route answers internal.
    ['no_access', null],
    ['not_connected', null],
    ['other', null],
  ];
  for (const [failure, code] of cases) {
    test(`${failure} → ${code}`, () => assert.equal(exchangeFailureCode(failure), code));
  }
});

describe('isIneligible: the account cannot serve this platform', () => {
  const cases: Array<[string, Grant, AccountFacts, boolean]> = [
    ['an ordinary account', grant(), account(), false],
    ['the platform’s own account', grant({ accountId: PLATFORM }), account({ id: PLATFORM }), true],
    ['controlled by another platform', grant(), account({ controlledByOtherPlatform: true }), true],
    ['paused payments do not make it ineligible', grant(), account({ chargesEnabled: false, payoutsEnabled: false }), false],
    ['a live account on a test platform is another check’s (isWrongMode)', grant({ livemode: true }), account(), false],
  ];
  for (const [name, g, facts, result] of cases) {
    test(`${name}: ${result}`, () => assert.equal(isIneligible(g, PLATFORM, facts), result));
  }
});

describe('isMismatch: the account chosen is not the one the tenant must pick', () => {
  const cases: Array<[string, ExpectedAccount | null, Grant, boolean]> = [
    ['nothing expected (a first connection)', null, grant(), false],
    ['an expectation that names nothing', expected(), grant(), false],
    ['the expected account id', expected({ id: ACCOUNT.id }), grant(), false],
    ['another account id', expected({ id: OTHER.id }), grant(), true],
    ['ids compare exactly (case)', expected({ id: ACCOUNT.id.toLowerCase() }), grant(), true],
    ['legacy: the expected publishable key', expected({ publishableKey: ACCOUNT.publishableKey }), grant(), false],
    ['legacy: another publishable key', expected({ publishableKey: OTHER.publishableKey }), grant(), true],
    ['legacy: Stripe returned no publishable key', expected({ publishableKey: ACCOUNT.publishableKey }), grant({ publishableKey: null }), true],
    ['the id decides when both are known (same id, other key)', expected({ id: ACCOUNT.id, publishableKey: OTHER.publishableKey }), grant(), false],
    ['the id decides when both are known (other id, same key)', expected({ id: OTHER.id, publishableKey: ACCOUNT.publishableKey }), grant(), true],
    ['the name is never compared', expected({ id: ACCOUNT.id, name: 'Someone else' }), grant(), false],
  ];
  for (const [name, want, g, result] of cases) {
    test(`${name}: ${result}`, () => assert.equal(isMismatch(want, g), result));
  }
});

describe('isTakenByAnother: another tenant already owns the account', () => {
  const cases: Array<[string, string | null, boolean]> = [
    ['nobody owns it', null, false],
    ['this tenant owns it (a reconnect)', 'shop', false],
    ['another tenant owns it', 'other-shop', true],
    ['tenant ids compare exactly', 'Shop', true],
  ];
  for (const [name, owner, result] of cases) {
    test(`${name}: ${result}`, () => assert.equal(isTakenByAnother(owner, 'shop'), result));
  }
});

describe('isWrongMode: the token’s mode is not the platform key’s', () => {
  const cases: Array<[boolean, boolean, boolean]> = [
    // [token livemode, platform livemode, wrong]
    [false, false, false],
    [true, true, false],
    [true, false, true],
    [false, true, true],
  ];
  for (const [token, platform, result] of cases) {
    test(`token ${token ? 'live' : 'test'}, platform ${platform ? 'live' : 'test'}: ${result}`, () => assert.equal(isWrongMode(grant({ livemode: token }), platform), result));
  }
});
