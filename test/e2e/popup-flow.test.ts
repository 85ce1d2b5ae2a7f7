/**
 * The Reconnect flow in a popup, for every outcome: what the person sees in
 * the element, the DOM events the host page gets, and the host webhooks the
 * demo's receiver verified. Each panel is photographed for the docs.
 */
import { after, before, describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS, startHarness, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

describe('popup flow: success', () => {
  test('a deauthorized connection is repaired by picking the expected account', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.part('message').filter({ hasText: 'was removed from your Stripe account' }).waitFor();
    await e2e.webhook('connection.broken', 'reason=deauthorized').waitFor();
    await e2e.shoot('state-needs-attention-deauthorized');

    await e2e.part('reconnect-button').click();
    await e2e.part('prepare-panel').filter({ hasText: 'pick Acme Inc, the account shown above' }).waitFor();
    // Who connected first, the person to ask; what happens to subscriptions.
    await e2e.part('who').filter({ hasText: /^\s*Jane Doe connected Stripe here on .+: if you can't find the account, ask them\.\s*$/ }).waitFor();
    await e2e.part('prepare-panel').filter({ hasText: 'the renewals charged through Ledgerly fail until it is reconnected' }).waitFor();
    await e2e.part('expected').filter({ hasText: 'acct_1SandboxAcme0001' }).waitFor();
    await e2e.shoot('panel-prepare');
    const opened = e2e.page.waitForEvent('popup');
    await e2e.part('start-button').click();
    const popup = await opened;
    await e2e.part('wait-panel').filter({ hasText: 'Waiting for Stripe' }).waitFor();
    await e2e.shoot('panel-wait');
    await popup.getByRole('heading', { name: /to your Stripe account/ }).waitFor();
    const closed = popup.waitForEvent('close');
    await popup.locator(`input[value="${SANDBOX_ACCOUNTS.acme}"]`).check();
    await popup.getByRole('button', { name: 'Connect', exact: true }).click({ noWaitAfter: true });
    await closed;

    await e2e.state('Connected').waitFor();
    await e2e.part('account').filter({ hasText: 'Acme Inc' }).waitFor();
    await e2e.event('stripe-reconnect:connected', `account=${SANDBOX_ACCOUNTS.acme}`).waitFor();
    await e2e.webhook('connection.repaired', 'state=connected').waitFor();
    await e2e.errorPanel.waitFor({ state: 'detached' });
  });

  test('a workspace that never connected connects any eligible account', async () => {
    const e2e = await harness.open();
    await e2e.scenario('not_connected', 'Not connected');
    await e2e.part('message').filter({ hasText: 'Connect your Stripe account to take payments.' }).waitFor();
    await e2e.shoot('state-not-connected');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.state('Connected').waitFor();
    await e2e.part('account').filter({ hasText: 'Beta LLC' }).waitFor();
    await e2e.shoot('state-connected');
    await e2e.event('stripe-reconnect:connected', `account=${SANDBOX_ACCOUNTS.beta}`).waitFor();
    await e2e.webhook('connection.connected', SANDBOX_ACCOUNTS.beta).waitFor();
  });
});

describe('popup flow: failures', () => {
  test('account_mismatch: another account than the expected one', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.expectError('account_mismatch', 'A different account was picked');
    // The card names the account to pick (the key shortened, whole in its title), and the state is unchanged.
    await e2e.part('expected').locator('[title="pk_test_51SandboxAcme0001PublishableKey"]').waitFor();
    await e2e.errorPanel.filter({ hasText: "In Stripe's list of accounts, pick Acme Inc." }).waitFor();
    await e2e.state('Needs attention').waitFor();
    // The account picked, beside the one to pick; and who connected Stripe here (Jane), for Sam who is signed in.
    await e2e.errorPanel.filter({ hasText: 'We did not link Beta LLC.' }).waitFor();
    await e2e.part('compare').filter({ hasText: SANDBOX_ACCOUNTS.beta }).filter({ hasText: SANDBOX_ACCOUNTS.acme }).waitFor();
    await e2e.part('who').filter({ hasText: 'Ask Jane Doe: they connected Stripe here' }).waitFor();
    await e2e.part('account').filter({ hasText: /Connected by Jane Doe on / }).waitFor();
    await e2e.shoot('error-account-mismatch');
    await e2e.shoot('error-account-mismatch-dark', { dark: true });
    await e2e.setLang('fr');
    await e2e.errorPanel.locator('h4', { hasText: 'Un autre compte a été choisi' }).waitFor();
    await e2e.part('who').filter({ hasText: 'Demandez à Jane Doe' }).waitFor();
    await e2e.shoot('error-account-mismatch-fr');
  });

  test('account_mismatch: a new account created in Stripe instead of an ineligible one', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    const stripe = await e2e.startFlow();
    // Stripe marks the other platform's account ineligible right above it, and its radio cannot be chosen.
    await stripe.getByText("This account can't be connected: it was created by Rocket Rides").waitFor();
    if (!(await stripe.locator(`input[value="${SANDBOX_ACCOUNTS.partner}"]`).isDisabled())) throw new Error('the ineligible account can be chosen');
    await stripe.close();
    await e2e.expectError('flow_cancelled', 'The Stripe window closed');
    await e2e.flow('new');
    await e2e.expectError('account_mismatch', 'A different account was picked');
    await e2e.state('Connected').waitFor();
  });

  test("account_ineligible: the platform's own account", async () => {
    const e2e = await harness.open();
    await e2e.scenario('not_connected', 'Not connected');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.platform });
    await e2e.expectError('account_ineligible', "This account can't be connected");
    await e2e.state('Not connected').waitFor();
    await e2e.shoot('error-account-ineligible');
  });

  test('account_mismatch on a legacy setup: the account to pick is known by its key', async () => {
    const e2e = await harness.open();
    await e2e.scenario('legacy', 'Update needed');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.expectError('account_mismatch', 'A different account was picked');
    await e2e.state('Update needed').waitFor();
    await e2e.shoot('error-account-mismatch-legacy');
  });

  test('access_denied: the person denies access in Stripe', async () => {
    const e2e = await harness.open();
    await e2e.scenario('legacy', 'Update needed');
    await e2e.part('message').filter({ hasText: 'older setup' }).waitFor();
    await e2e.shoot('state-legacy');
    await e2e.flow('deny');
    await e2e.expectError('access_denied', 'The connection was not finished');
    await e2e.state('Update needed').waitFor();
    await e2e.shoot('error-access-denied');
  });

  test('account_already_integrated: the account is another workspace’s connection', async () => {
    const e2e = await harness.open();
    await e2e.scenario('already_integrated', 'Not connected');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.gamma });
    await e2e.expectError('account_already_integrated', 'This account is already in use');
    await e2e.state('Not connected').waitFor();
    await e2e.shoot('error-account-already-integrated');
  });

  test('livemode_mismatch: a live-mode account on a test-mode platform', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.live });
    await e2e.expectError('livemode_mismatch', "Test and live accounts don't mix");
    // The platform's mode shows in the connection: the mix-up is said the right way round.
    await e2e.errorPanel.filter({ hasText: 'This is a live account; Ledgerly is set up for test payments only.' }).waitFor();
    await e2e.state('Connected').waitFor();
    await e2e.shoot('error-livemode-mismatch');
  });

  test('authorization_expired: the code expired before the exchange (invalid_grant)', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    await e2e.setCondition('expireNextCode');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.expectError('authorization_expired', "Stripe's approval came too late");
    await e2e.shoot('error-authorization-expired');
  });

  test('invalid_state: the return link was already used', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    await e2e.setCondition('stateUsed');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.expectError('invalid_state', 'This attempt has ended');
    await e2e.errorPanel.filter({ hasText: 'Stripe is connected, as the card above shows: nothing more to do.' }).waitFor();
    await e2e.shoot('error-invalid-state');
  });

  test('stripe_unavailable: Stripe answers 500 to the code exchange at completion', async () => {
    const e2e = await harness.open();
    await e2e.scenario('stripe_down', 'Connected');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.expectError('stripe_unavailable', "Stripe isn't answering");
    await e2e.event('stripe-reconnect:error', 'retryable=true').waitFor();
    await e2e.shoot('error-stripe-unavailable');
    // Stripe comes back: "Try again" presents the same approval again (no second trip to Stripe) and succeeds.
    await e2e.setCondition('stripeDown', false);
    let popups = 0;
    e2e.page.on('popup', () => (popups += 1));
    await e2e.part('retry-button').click();
    await e2e.event('stripe-reconnect:connected').waitFor();
    await e2e.errorPanel.waitFor({ state: 'detached' });
    await e2e.state('Connected').waitFor();
    if (popups !== 0) throw new Error('Try again opened a Stripe window');
  });

  test('flow_cancelled: the Stripe window is closed', async () => {
    const e2e = await harness.open();
    await e2e.scenario('access_revoked', 'Needs attention');
    const stripe = await e2e.startFlow();
    await stripe.close();
    await e2e.expectError('flow_cancelled', 'The Stripe window closed');
    await e2e.part('retry-button').waitFor();
    if ((await e2e.part('here-button').count()) !== 0) throw new Error('two next steps for a window closed once');
    await e2e.shoot('error-flow-cancelled');
  });

  test('popup_blocked: a blocker stops the window; "Continue in this window" finishes the flow', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.page.locator('#block-popups').check();
    await e2e.part('reconnect-button').click();
    await e2e.part('start-button').click();
    await e2e.expectError('popup_blocked', 'The Stripe window was blocked');
    await e2e.shoot('error-popup-blocked');
    await e2e.part('here-button').click();
    await e2e.page.getByRole('heading', { name: /to your Stripe account/ }).waitFor();
    await e2e.page.locator(`input[value="${SANDBOX_ACCOUNTS.acme}"]`).check();
    await e2e.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await e2e.state('Connected').waitFor();
    await e2e.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    // The log survived the page's trip to Stripe and back.
    await e2e.event('stripe-reconnect:error', 'code=popup_blocked').waitFor();
    await e2e.webhook('connection.repaired').waitFor();
  });
});
