/**
 * Who connected, and who tried: the card says who made the connection (the
 * person most likely to reach the right Stripe account), the account
 * errors' panels name them, and "Copy details for support" lists what was
 * tried. Backends that do not send people yet (fields absent or null) are
 * read as before.
 */
import { expect } from '@open-wc/testing';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { supportDetails } from '../../widget/support.js';
import { choose, comeBack, info, mount, newTenant, part, press, stack, startFlow, text, waitForPanel, waitForTitle, waitUntil } from './support/helpers.js';

const JANE = { id: 'u_jane', name: 'Jane Doe', email: 'jane@acme.example' };
const SAM = { id: 'u_sam', name: 'Sam Lee' };
const DATE = /\w+ \d{1,2}, \d{4}/;

/** Removes the people from the backend's answers, as a backend that does not send them yet would answer. */
function withoutPeople(): () => void {
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    if (!String(input).startsWith(info.apiBase) || !response.ok) return response;
    const status = (await response.json()) as Partial<Status>;
    delete status.connectedBy;
    if (status.lastAttempt) delete (status.lastAttempt as Partial<Status['lastAttempt'] & object>).by;
    return new Response(JSON.stringify(status), { status: 200, headers: response.headers });
  };
  return () => (window.fetch = original);
}

describe('who connected', () => {
  it('the card says "Connected by Jane Doe on <date>."', async () => {
    const { el, status } = await mount('by-name', { state: 'connected', user: JANE });
    expect(status.connectedBy).to.deep.equal(JANE);
    expect(text(el, 'account')).to.match(new RegExp(`Connected by Jane Doe on ${DATE.source}\\. Last checked`));
  });

  it('a person named by email only is named by it; nobody named: "Connected on"', async () => {
    const email = await mount('by-email', { state: 'connected', user: { id: 'u_mail', email: 'sam@acme.example' } });
    expect(text(email.el, 'account')).to.match(/Connected by sam@acme\.example on /);
    const nobody = await mount('by-nobody', { state: 'connected' });
    expect(nobody.status.connectedBy).to.equal(null);
    expect(text(nobody.el, 'account')).to.match(new RegExp(`Connected on ${DATE.source}\\.`));
  });

  it('a backend that does not send people yet: "Connected on", and panels without a name', async () => {
    const restore = withoutPeople();
    try {
      comeBack('account_mismatch');
      const { el } = await mount('by-absent', { state: 'connected', user: JANE });
      expect(text(el, 'account')).to.match(new RegExp(`Connected on ${DATE.source}\\.`));
      await waitForPanel(el, 'error');
      expect(part(el, 'who')).to.equal(null);
    } finally {
      restore();
    }
  });

  it('in French: "Connexion établie par Jane Doe le <date>."', async () => {
    const { el } = await mount('by-fr', { state: 'connected', user: JANE, attrs: { lang: 'fr' } });
    await waitUntil(() => text(el, 'account').includes('Connexion établie par Jane Doe le'), 'not in French');
    expect(text(el, 'account')).to.match(/Connexion établie par Jane Doe le \d{1,2} \S+ \d{4}\./);
  });

  it('a name is shown as written, never read as a placeholder or markup', async () => {
    const odd = { id: 'u_odd', name: '{date} <b>{platform}</b>' };
    const { el } = await mount('by-odd', { state: 'connected', user: odd, attrs: { 'platform-name': 'Ledgerly' } });
    expect(text(el, 'account')).to.contain('Connected by {date} <b>{platform}</b> on ');
    expect(part(el, 'account')!.querySelector('b')).to.equal(null);
  });
});

describe('the account errors name who connected', () => {
  for (const code of ['account_mismatch', 'account_ineligible', 'account_already_integrated'] as const) {
    it(`${code}: "Ask Jane Doe: they connected Stripe here…"`, async () => {
      comeBack(code);
      const { el } = await mount(`who-${code}`, { state: 'connected', user: JANE });
      const panel = await waitForPanel(el, 'error');
      expect(text(el, 'who')).to.equal('Ask Jane Doe: they connected Stripe here, so they most likely have access to the right Stripe account.');
      expect(panel.textContent).to.contain(text(el, 'who'));
      await expect(el).to.be.accessible();
    });
  }

  it('other errors do not', async () => {
    comeBack('access_denied');
    const { el } = await mount('who-denied', { state: 'connected', user: JANE });
    await waitForPanel(el, 'error');
    expect(part(el, 'who')).to.equal(null);
  });

  it('a real mismatch: the person, and the picked account beside the right one', async () => {
    const { el, status } = await mount('who-real', { state: 'connected', user: JANE });
    await startFlow(el);
    await choose({ accountId: info.accounts.beta });
    await waitForTitle(el, enHelp.code.account_mismatch[0]);
    expect(text(el, 'who')).to.contain('Ask Jane Doe');
    const compare = [...part(el, 'compare')!.children].map((child) => child.textContent);
    expect(compare).to.deep.equal(['You picked', `Beta LLC ${info.accounts.beta}`, 'Pick instead', `${status.account!.name} ${status.account!.id}`]);
  });
});

describe('what was tried, for support', () => {
  it("lists this tab's flows and the last attempt, with who tried", async () => {
    const tenantId = newTenant('tried');
    const ready = (await stack<Status>('state', { tenantId, state: 'connected', user: JANE }))!;
    // Sam, another person of the same customer, tries to reconnect from this tab.
    const token = (await stack<string>('session', { tenantId, user: SAM }))!;
    const { el } = await mount('tried', { tenantId, ready, token });
    await startFlow(el);
    await choose({ deny: true });
    await waitForTitle(el, enHelp.code.access_denied[0]);
    await press(el, 'close');
    await startFlow(el);
    await choose({ accountId: info.accounts.beta });
    await waitForTitle(el, enHelp.code.account_mismatch[0]);
    await stack('allow-clipboard', { origin: location.origin });
    await press(el, 'copy');
    await waitUntil(() => text(el).includes(enHelp.copied), 'not copied');
    const details = await navigator.clipboard.readText();
    expect(details).to.match(/^tried_here: 20\S+Z access_denied; 20\S+Z account_mismatch$/m);
    expect(details).to.match(/^last_attempt: 20\S+Z account_mismatch by Sam Lee$/m);
    expect(details).to.contain('connected_by: Jane Doe').and.not.contain('jane@acme.example');
  });

  it('reads a status without people, and a success, the same way', () => {
    const status = {
      state: 'connected',
      problem: null,
      account: null,
      expected: null,
      lastAttempt: { outcome: 'success', code: null, at: '2026-11-23T10:53:00.000Z' },
      warning: null,
      connectedAt: null,
      checkedAt: null,
    } as unknown as Status;
    const details = supportDetails({ title: 'Details', at: '2026-11-23T11:00:00.000Z', code: 'internal', requestId: null, status });
    expect(details).to.contain('last_attempt: 2026-11-23T10:53:00.000Z connected\n').and.contain('connected_by: -').and.contain('tried_here: -');
  });
});
