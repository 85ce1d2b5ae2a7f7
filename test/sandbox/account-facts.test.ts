import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type Stripe from 'stripe';
import { SANDBOX_ACCOUNTS, SANDBOX_OTHER_PLATFORM, type DisabledReason } from '../../server/sandbox/index.js';
import { startSandbox, type Running } from './helpers.js';

const DAY = 86_400;

/** The requirement facts the backend reads, as the stripe client hands them over. */
function facts(account: Stripe.Account) {
  const r = account.requirements!;
  return {
    charges: account.charges_enabled,
    payouts: account.payouts_enabled,
    reason: r.disabled_reason,
    pastDue: r.past_due,
    currentlyDue: r.currently_due,
    deadline: r.current_deadline,
  };
}

/** What Stripe guarantees between the lists: past_due within currently_due within eventually_due; a deadline only with something due. */
function assertConsistent(account: Stripe.Account) {
  const r = account.requirements!;
  for (const field of r.past_due!) assert.ok(r.currently_due!.includes(field), `${field} past due but not currently due`);
  for (const field of r.currently_due!) assert.ok(r.eventually_due!.includes(field), `${field} currently due but not eventually due`);
  if (r.current_deadline !== null) {
    assert.ok(r.currently_due!.length > 0, 'a deadline with nothing due');
    assert.ok(Number.isInteger(r.current_deadline), 'current_deadline is unix seconds');
  }
  assert.equal(r.disabled_reason === null, account.charges_enabled && account.payouts_enabled, 'disabled_reason is set exactly when something is off');
  const status = (on: boolean) => (on ? 'active' : ['requirements.pending_verification', 'under_review'].includes(r.disabled_reason!) ? 'pending' : 'inactive');
  assert.deepEqual(account.capabilities, { card_payments: status(account.charges_enabled), transfers: status(account.payouts_enabled) });
  assert.deepEqual(account.future_requirements, {
    alternatives: [],
    current_deadline: null,
    currently_due: [],
    disabled_reason: null,
    errors: [],
    eventually_due: [],
    past_due: [],
    pending_verification: [],
  });
}

describe('account object: requirement facts of the seed accounts', () => {
  let sb: Running;
  const start = Date.now();
  before(async () => {
    sb = await startSandbox({ now: () => start });
    for (const id of [SANDBOX_ACCOUNTS.acme, SANDBOX_ACCOUNTS.paused, SANDBOX_ACCOUNTS.due]) await sb.codeFor(id);
  });
  after(() => sb.close());

  it('shows a healthy account as before: everything on, nothing due', async () => {
    const acme = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme);
    assert.deepEqual(facts(acme), { charges: true, payouts: true, reason: null, pastDue: [], currentlyDue: [], deadline: null });
    assert.equal(acme.details_submitted, true);
    assertConsistent(acme);
  });

  it('shows Epsilon Events paused by Stripe: charges and payouts off, requirements.past_due, no deadline', async () => {
    const epsilon = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.paused);
    assert.equal(epsilon.business_profile?.name, 'Epsilon Events');
    assert.deepEqual(facts(epsilon), {
      charges: false,
      payouts: false,
      reason: 'requirements.past_due',
      pastDue: ['company.tax_id', 'representative.verification.document'],
      currentlyDue: ['company.tax_id', 'representative.verification.document'],
      deadline: null,
    });
    assert.equal(epsilon.details_submitted, true);
    assertConsistent(epsilon);
  });

  it('shows Zeta Studio with information due 7 days after the start, payments still on', async () => {
    const zeta = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.due);
    assert.equal(zeta.business_profile?.name, 'Zeta Studio');
    assert.deepEqual(facts(zeta), {
      charges: true,
      payouts: true,
      reason: null,
      pastDue: [],
      currentlyDue: ['company.tax_id', 'representative.verification.document'],
      deadline: Math.floor(start / 1000) + 7 * DAY,
    });
    assertConsistent(zeta);
  });

  it('lists the facts on the control API, the deadline in ISO 8601', async () => {
    const views = new Map((await sb.control.accounts()).map((a) => [a.id, a]));
    assert.deepEqual(
      [views.get(SANDBOX_ACCOUNTS.paused)?.chargesEnabled, views.get(SANDBOX_ACCOUNTS.paused)?.requirements.disabledReason],
      [false, 'requirements.past_due'],
    );
    assert.equal(views.get(SANDBOX_ACCOUNTS.due)?.requirements.currentDeadline, new Date((Math.floor(start / 1000) + 7 * DAY) * 1000).toISOString());
    assert.deepEqual(views.get(SANDBOX_ACCOUNTS.acme)?.requirements, { disabledReason: null, currentlyDue: [], pastDue: [], currentDeadline: null });
    assert.equal(views.get(SANDBOX_ACCOUNTS.paused)?.listed, true);
    assert.equal(views.get(SANDBOX_ACCOUNTS.due)?.listed, true);
  });
});

describe('account object after each control', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  beforeEach(async () => {
    await sb.control.reset();
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
  });
  after(() => sb.close());

  const acme = () => sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme);

  it("pauses with each of Stripe's reasons, the lists matching the reason", async () => {
    const cases: Array<[DisabledReason, { pastDue: string[]; pending: string[] }]> = [
      ['requirements.past_due', { pastDue: ['company.tax_id', 'representative.verification.document'], pending: [] }],
      ['requirements.pending_verification', { pastDue: [], pending: ['representative.verification.document'] }],
      ['under_review', { pastDue: [], pending: [] }],
      ['rejected.fraud', { pastDue: [], pending: [] }],
      ['rejected.other', { pastDue: [], pending: [] }],
      ['platform_paused', { pastDue: [], pending: [] }],
      ['listed', { pastDue: [], pending: [] }],
    ];
    for (const [reason, lists] of cases) {
      await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason });
      const account = await acme();
      assert.deepEqual(
        [account.charges_enabled, account.payouts_enabled, account.requirements?.disabled_reason, account.requirements?.past_due, account.requirements?.pending_verification],
        [false, false, reason, lists.pastDue, lists.pending],
        reason,
      );
      assert.equal(account.requirements?.current_deadline, null, reason);
      assertConsistent(account);
    }
  });

  it('pauses payouts only: charges go on, card_payments stays active, transfers stop', async () => {
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { chargesEnabled: true });
    const account = await acme();
    assert.deepEqual([account.charges_enabled, account.payouts_enabled], [true, false]);
    assert.deepEqual(account.capabilities, { card_payments: 'active', transfers: 'inactive' });
    assertConsistent(account);
  });

  it('pauses payouts with a deadline for the rest, and the fields named', async () => {
    const deadline = Math.floor(Date.now() / 1000) + 5 * DAY;
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { chargesEnabled: true, fields: ['external_account'], deadline });
    const account = await acme();
    assert.deepEqual(facts(account), {
      charges: true,
      payouts: false,
      reason: 'requirements.past_due',
      pastDue: ['external_account'],
      currentlyDue: ['external_account'],
      deadline,
    });
    assertConsistent(account);
  });

  it('asks for information by a date given in ISO 8601: charges and payouts still on', async () => {
    const deadline = new Date(Date.now() + 10 * DAY * 1000);
    await sb.control.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline: deadline.toISOString(), fields: ['individual.id_number'] });
    const account = await acme();
    assert.deepEqual(facts(account), {
      charges: true,
      payouts: true,
      reason: null,
      pastDue: [],
      currentlyDue: ['individual.id_number'],
      deadline: Math.floor(deadline.getTime() / 1000),
    });
    assertConsistent(account);
  });

  it('clears back to healthy, a not-yet-onboarded new account included', async () => {
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'under_review' });
    await sb.control.clearAccount(SANDBOX_ACCOUNTS.acme);
    assert.deepEqual(facts(await acme()), { charges: true, payouts: true, reason: null, pastDue: [], currentlyDue: [], deadline: null });

    const back = await sb.control.completeAuthorize(sb.authorizeUrl(), { createAccount: true });
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: back.searchParams.get('code')! });
    const created = await sb.stripe.accounts.retrieve(token.stripe_user_id!);
    assert.deepEqual([created.charges_enabled, created.details_submitted, created.requirements?.disabled_reason], [false, false, 'requirements.past_due']);
    assertConsistent(created);
    await sb.control.clearAccount(created.id);
    const cleared = await sb.stripe.accounts.retrieve(created.id);
    assert.deepEqual([cleared.charges_enabled, cleared.payouts_enabled, cleared.details_submitted], [true, true, true]);
    assertConsistent(cleared);
  });

  it('shows the change to an access token and to the platform that controls the account', async () => {
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.beta) });
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.beta, { payoutsEnabled: true, reason: 'rejected.other' });
    const asAccount = await sb.stripeWith(token.access_token!).accounts.retrieveCurrent();
    assert.deepEqual([asAccount.charges_enabled, asAccount.payouts_enabled, asAccount.requirements?.disabled_reason], [false, true, 'rejected.other']);
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.partner, { reason: 'platform_paused' });
    const theirs = await sb.stripeWith(SANDBOX_OTHER_PLATFORM.secretKey).accounts.retrieve(SANDBOX_ACCOUNTS.partner);
    assert.equal(theirs.requirements?.disabled_reason, 'platform_paused');
  });

  it('reset puts every seed condition back and forgets the changes', async () => {
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme);
    await sb.control.clearAccount(SANDBOX_ACCOUNTS.paused);
    await sb.control.clearAccount(SANDBOX_ACCOUNTS.due);
    assert.ok((await sb.control.deliveries()).length > 0);
    await sb.control.reset();
    assert.deepEqual(await sb.control.deliveries(), []);
    for (const id of [SANDBOX_ACCOUNTS.acme, SANDBOX_ACCOUNTS.paused, SANDBOX_ACCOUNTS.due]) await sb.codeFor(id);
    assert.equal((await acme()).charges_enabled, true);
    assert.equal((await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.paused)).requirements?.disabled_reason, 'requirements.past_due');
    const zeta = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.due);
    assert.ok(zeta.requirements!.current_deadline! > Date.now() / 1000 + 6 * DAY);
  });
});
