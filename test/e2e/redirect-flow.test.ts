/**
 * The same flow with `mode="redirect"`: the page itself goes to Stripe and
 * comes back with `?stripe_reconnect=…`. After the round trip the element
 * shows the outcome, the host page's event log (kept across the reload) has
 * the event, and the webhook receiver's view shows the deliveries.
 */
import { after, before, describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS, startHarness, type Choice, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

interface Case {
  code: string;
  title: string;
  scenario: string;
  state: string;
  choice: Choice;
  condition?: string;
}

const FAILURES: Case[] = [
  { code: 'account_mismatch', title: 'A different account was picked', scenario: 'legacy', state: 'Update needed', choice: { account: SANDBOX_ACCOUNTS.beta } },
  { code: 'account_ineligible', title: "This account can't be connected", scenario: 'connected', state: 'Connected', choice: { account: SANDBOX_ACCOUNTS.platform } },
  { code: 'access_denied', title: 'The connection was not finished', scenario: 'deauthorized', state: 'Needs attention', choice: 'deny' },
  { code: 'account_already_integrated', title: 'This account is already in use', scenario: 'already_integrated', state: 'Not connected', choice: { account: SANDBOX_ACCOUNTS.gamma } },
  { code: 'livemode_mismatch', title: "Test and live accounts don't mix", scenario: 'not_connected', state: 'Not connected', choice: { account: SANDBOX_ACCOUNTS.live } },
  { code: 'authorization_expired', title: "Stripe's approval came too late", scenario: 'connected', state: 'Connected', choice: { account: SANDBOX_ACCOUNTS.acme }, condition: 'expireNextCode' },
  { code: 'invalid_state', title: 'This attempt has ended', scenario: 'connected', state: 'Connected', choice: { account: SANDBOX_ACCOUNTS.acme }, condition: 'stateUsed' },
  { code: 'stripe_unavailable', title: "Stripe isn't answering", scenario: 'stripe_down', state: 'Connected', choice: { account: SANDBOX_ACCOUNTS.acme } },
];

describe('redirect flow: success', () => {
  test('a legacy setup moves to OAuth with the account of its publishable key', async () => {
    const e2e = await harness.open();
    await e2e.scenario('legacy', 'Update needed');
    await e2e.setMode('redirect');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.state('Connected').waitFor();
    await e2e.part('account').filter({ hasText: SANDBOX_ACCOUNTS.acme }).waitFor();
    await e2e.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    await e2e.webhook('connection.repaired', 'state=connected').waitFor();
    // The return parameter is gone from the address bar.
    if (e2e.page.url().includes('stripe_reconnect')) throw new Error(`still in the URL: ${e2e.page.url()}`);
  });

  test('an access-revoked connection is repaired', async () => {
    const e2e = await harness.open();
    await e2e.scenario('access_revoked', 'Needs attention');
    await e2e.webhook('connection.broken', 'reason=access_revoked').waitFor();
    await e2e.setMode('redirect');
    await e2e.part('reconnect-button').click();
    await e2e.part('prepare-panel').filter({ hasText: 'Stripe opens in this window, then brings you back.' }).waitFor();
    await e2e.part('cancel-button').click();
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.state('Connected').waitFor();
    await e2e.event('stripe-reconnect:connected').waitFor();
    await e2e.webhook('connection.repaired').waitFor();
  });
});

describe('redirect flow: failures', () => {
  for (const c of FAILURES) {
    test(`${c.code}`, async () => {
      const e2e = await harness.open();
      await e2e.scenario(c.scenario, c.state);
      if (c.condition) await e2e.setCondition(c.condition);
      await e2e.setMode('redirect');
      await e2e.flow(c.choice);
      await e2e.expectError(c.code, c.title);
      // Nothing changed: the state the scenario started from is still shown.
      await e2e.state(c.state).waitFor();
      await e2e.event('stripe-reconnect:connected').waitFor({ state: 'detached' });
    });
  }
});
