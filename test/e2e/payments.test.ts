/**
 * Stripe restricting the account, through the QA drawer: payments paused
 * (the card explains, links the Stripe Dashboard, offers no Reconnect) and
 * information due by a date (a warning on a connected card). The host
 * backend hears `connection.broken` (`payments_paused`) and
 * `connection.warning`. Photographed in light and dark, English and French.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

const DASHBOARD = 'https://dashboard.stripe.com/account/status';

describe('payments paused by Stripe', () => {
  test('the card says why, what still works and what to do, links the Dashboard, and offers no Reconnect', async () => {
    const e2e = await harness.open();
    await e2e.scenario('payments_paused', 'Needs attention');
    await e2e.part('message').filter({ hasText: /^\s*Since .+, Stripe has paused payments and payouts on this account\.\s*$/ }).waitFor();
    const notice = e2e.part('notice');
    await notice.filter({ hasText: "Customers can't pay you, and payouts are on hold" }).waitFor();
    await notice.filter({ hasText: 'Stripe is waiting for information about your business or identity.' }).waitFor();
    await notice.filter({ hasText: 'Money already in your Stripe balance stays there until this is fixed.' }).waitFor();
    assert.equal(await e2e.part('dashboard-link').getAttribute('href'), DASHBOARD);
    assert.equal(await e2e.part('reconnect-button').count(), 0);
    await e2e.part('check-button').waitFor();
    await e2e.webhook('connection.broken', 'reason=payments_paused').waitFor();
    await e2e.event('stripe-reconnect:status', 'problem=payments_paused').waitFor();
    await e2e.shoot('state-payments-paused');
    await e2e.shoot('state-payments-paused-dark', { dark: true });
    // Check again: Stripe still says the same.
    await e2e.part('check-button').click();
    await e2e.state('Needs attention').waitFor();
    await notice.waitFor();
    await e2e.setLang('fr');
    await e2e.part('message').filter({ hasText: 'Stripe a désactivé les paiements et les virements sur ce compte.' }).waitFor();
    await e2e.part('notice').filter({ hasText: 'Paiements et virements suspendus' }).waitFor();
    await e2e.part('dashboard-link').filter({ hasText: 'Ouvrir votre Dashboard Stripe' }).waitFor();
    await e2e.shoot('state-payments-paused-fr');
  });
});

describe('Stripe needs information by a date', () => {
  test('a connected card warns with the deadline and the Dashboard; the host backend hears connection.warning', async () => {
    const e2e = await harness.open();
    await e2e.scenario('requirements_due', 'Connected');
    const notice = e2e.part('notice');
    await notice.filter({ hasText: /^\s*Stripe needs information from you by \w+ \d{1,2}, \d{4}\. Payments work until then/ }).waitFor();
    assert.equal(await e2e.part('dashboard-link').getAttribute('href'), DASHBOARD);
    // One next step: the Dashboard. Reconnecting gives Stripe nothing it asks for.
    assert.equal(await e2e.part('reconnect-button').count(), 0);
    assert.match((await e2e.part('dashboard-link').getAttribute('class')) ?? '', /\bprimary\b/);
    await e2e.webhook('connection.warning').waitFor();
    await e2e.part('account').filter({ hasText: /Connected by Jane Doe on / }).waitFor();
    await e2e.shoot('state-requirements-due');
    await e2e.shoot('state-requirements-due-dark', { dark: true });
    await e2e.setLang('fr');
    await e2e.part('notice').filter({ hasText: "Stripe a besoin d'informations de votre part au plus tard le" }).waitFor();
    await e2e.shoot('state-requirements-due-fr');
  });
});
