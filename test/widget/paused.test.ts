/**
 * Payments paused by Stripe, and the warning before it: the card explains
 * Stripe's reason in words an owner understands, says what still works,
 * links to the Stripe Dashboard and never offers Reconnect as the fix.
 */
import { expect } from '@open-wc/testing';
import { enHelp } from '../../widget/messages/en-help.js';
import { frHelp } from '../../widget/messages/fr.js';
import { DASHBOARD_URL, STRIPE_SUPPORT_URL, reasonOf } from '../../widget/notice.js';
import { button, indicator, part, press, restricted, stack, text, waitUntil } from './support/helpers.js';

const { paused } = enHelp;
const DATE = /\w+ \d{1,2}, \d{4}/;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const links = (el: Element) => [...part(el, 'notice')!.querySelectorAll('a')].map((a) => [a.getAttribute('part'), a.getAttribute('href'), a.textContent]);

describe('payments paused by Stripe', () => {
  it('information past due: what Stripe paused, what that means, why and by when, what to do; the Dashboard, no Reconnect', async () => {
    const { el, status } = await restricted('paused-due', { condition: 'pause', reason: 'requirements.past_due', deadline: inDays(5) });
    expect(status.problem).to.include({ code: 'payments_paused' });
    expect(indicator(el)).to.equal('Needs attention');
    expect(text(el, 'message')).to.match(new RegExp(`^Since ${DATE.source}, Stripe has paused payments and payouts on this account\\.$`));
    const notice = part(el, 'notice')!;
    expect(notice.querySelector('h4')!.textContent).to.equal(paused.title.both);
    const lines = [...notice.querySelectorAll('p')].map((p) => p.textContent!.replace(/\s+/g, ' ').trim());
    expect(lines[0]).to.match(new RegExp(`^${paused.reason.due} Stripe's deadline: ${DATE.source}\\.$`));
    expect(notice.querySelector('time')!.getAttribute('datetime')).to.equal(status.problem!.details!.deadline);
    expect(lines.slice(1)).to.deep.equal([paused.works.both, paused.act.due]);
    expect(links(el)).to.deep.equal([['dashboard-link', DASHBOARD_URL, enHelp.link.dashboard]]);
    expect(notice.querySelector('a')!.getAttribute('target')).to.equal('_blank');
    expect(notice.querySelector('a')!.getAttribute('rel')).to.equal('noopener');
    expect(button(el, 'reconnect'), 'Reconnect is not the fix').to.equal(null);
    expect(!!button(el, 'check') && !!button(el, 'disconnect')).to.equal(true);
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await expect(el).to.be.accessible();
  });

  it('payouts paused, payments still on: money still comes in but is not paid out', async () => {
    const { el } = await restricted('paused-payouts', { condition: 'pause', chargesEnabled: true, reason: 'under_review' });
    expect(text(el, 'message')).to.match(/, Stripe has paused payouts on this account\.$/);
    expect(paused.works.payouts).to.contain('Customers can still pay you');
    expect(text(el, 'notice')).to.contain(paused.title.payouts).and.contain(paused.reason.review).and.contain(paused.works.payouts).and.contain(paused.act.review);
  });

  it('payments paused, payouts still on: no new payments, the balance still paid out', async () => {
    const { el } = await restricted('paused-charges', { condition: 'pause', payoutsEnabled: true, reason: 'requirements.pending_verification' });
    expect(text(el, 'message')).to.match(/, Stripe has paused payments on this account\.$/);
    expect(text(el, 'notice')).to.contain(paused.title.charges).and.contain(paused.works.charges).and.contain(paused.reason.review);
  });

  it('rejected by Stripe: only Stripe can lift it, contact Stripe support (the one next step)', async () => {
    const { el } = await restricted('paused-rejected', { condition: 'pause', reason: 'rejected.fraud' });
    expect(text(el, 'notice')).to.contain(paused.reason.rejected).and.contain(paused.act.rejected);
    expect(links(el)).to.deep.equal([['stripe-support-link', STRIPE_SUPPORT_URL, enHelp.link.stripeSupport]]);
  });

  it("paused by the platform: contact the platform's support, named", async () => {
    const attrs = { 'platform-name': 'Ledgerly', 'support-url': 'https://help.example.com/' };
    const { el } = await restricted('paused-platform', { condition: 'pause', reason: 'platform_paused' }, attrs);
    expect(text(el, 'notice')).to.contain('Ledgerly paused payments on this account.').and.contain('contact Ledgerly support to find out why');
    expect(links(el)).to.deep.equal([['support-link', 'https://help.example.com/', enHelp.action.support]]);
  });

  it('any other reason: generic words, and the Dashboard', async () => {
    const { el } = await restricted('paused-other', { condition: 'pause', reason: 'other' });
    expect(text(el, 'notice')).to.contain(paused.reason.other).and.contain(paused.act.due);
    expect(links(el).map(([name]) => name)).to.deep.equal(['dashboard-link']);
  });

  it('Check again once the owner has acted in Stripe: the notice goes, connected again', async () => {
    const { el, tenantId } = await restricted('paused-cleared', { condition: 'pause' });
    await stack('condition', { tenantId, condition: 'clear' });
    await press(el, 'check');
    await waitUntil(() => indicator(el) === 'Connected', 'not connected again');
    expect(part(el, 'notice')).to.equal(null);
    expect(!!button(el, 'reconnect')).to.equal(true);
  });

  it('in French', async () => {
    const { el } = await restricted('paused-fr', { condition: 'pause', chargesEnabled: true, reason: 'requirements.past_due' }, { lang: 'fr' });
    await waitUntil(() => text(el, 'notice').includes(frHelp.paused.title.payouts), 'not in French');
    expect(text(el, 'message')).to.match(/^Depuis le \d{1,2} \S+ \d{4}, Stripe a désactivé les virements sur ce compte\.$/);
    // What a person reads: `text()` collapses the non-breaking spaces of French punctuation too.
    expect(text(el, 'notice')).to.contain(frHelp.paused.works.payouts.replace(/\s+/g, ' ')).and.contain(frHelp.link.dashboard);
  });

  it("groups Stripe's reasons by what the owner can do", () => {
    const groups = {
      due: ['requirements.past_due'],
      review: ['under_review', 'listed', 'requirements.pending_verification'],
      rejected: ['rejected.fraud', 'rejected.terms_of_service', 'rejected.listed', 'rejected.other', 'rejected.incomplete_verification'],
      platform: ['platform_paused', 'rejected.platform_fraud', 'rejected.platform_other', 'rejected.platform_terms_of_service'],
      other: ['other', 'action_required.requested_capabilities', null, 'something_new'],
    };
    for (const [group, reasons] of Object.entries(groups)) for (const reason of reasons) expect(reasonOf(reason), String(reason)).to.equal(group);
  });
});

describe('the warning before a pause', () => {
  it('a connected card says by when Stripe needs information, with the Dashboard as the next step; Reconnect steps back', async () => {
    const deadline = inDays(7);
    const { el, status } = await restricted('due', { condition: 'due', deadline });
    expect(status.warning).to.include({ code: 'requirements_due' });
    expect(indicator(el)).to.equal('Connected');
    expect(text(el, 'notice')).to.match(new RegExp(`^Stripe needs information from you by ${DATE.source}\\. Payments work until then; after that date, Stripe may pause them\\.`));
    expect(links(el)).to.deep.equal([['dashboard-link', DASHBOARD_URL, enHelp.link.dashboard]]);
    expect(part(el, 'dashboard-link')!.classList.contains('primary'), 'the Dashboard is the next step').to.equal(true);
    // Reconnecting gives Stripe nothing it asks for: Check again and Disconnect stay, three actions in all.
    expect(button(el, 'reconnect')).to.equal(null);
    expect(!!button(el, 'check') && !!button(el, 'disconnect')).to.equal(true);
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await expect(el).to.be.accessible();
  });

  it('in French', async () => {
    const { el } = await restricted('due-fr', { condition: 'due', deadline: inDays(7) }, { lang: 'fr' });
    await waitUntil(() => text(el, 'notice').startsWith("Stripe a besoin d'informations de votre part au plus tard le"), 'not in French');
    expect(text(el, 'notice')).to.contain(frHelp.link.dashboard);
  });
});
