/**
 * Words a shop owner can act on: the platform's name instead of "this app"
 * (from `platform-name`, or the backend's `Reconnect-Platform-Name` header),
 * no jargon, and French that reads as French.
 */
import { expect } from '@open-wc/testing';
import { enHelp } from '../../widget/messages/en-help.js';
import { en } from '../../widget/messages/en.js';
import { fr, frHelp } from '../../widget/messages/fr.js';
import { comeBack, info, indicator, mount, newTenant, part, press, stack, text, waitForPanel, waitUntil } from './support/helpers.js';

const MONTHS_FR = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';

/** Every text of a catalog (its values, not its keys). */
const texts = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Object.values(value as object).flatMap((v) => texts(v));

/** Adds `Reconnect-Platform-Name: value` to the backend's real answers, as a backend configured with a name sends it. */
function backendNames(value: string): () => void {
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(info.apiBase)) return response;
    const headers = new Headers(response.headers);
    headers.set('Reconnect-Platform-Name', value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  return () => (window.fetch = original);
}

/** Comes back to this page as a flow of this browser that ended with `code`, then mounts the element. */
async function returnWith(code: string, options: Parameters<typeof mount>[1]) {
  comeBack(code);
  const mounted = await mount(`words-${code}`, options);
  return { ...mounted, panel: await waitForPanel(mounted.el, 'error') };
}

describe('the platform name', () => {
  it('platform-name names the product where the texts would have said "this app"', async () => {
    const { el } = await mount('name-attr', { state: 'needs_attention', attrs: { 'platform-name': 'Ledgerly' } });
    expect(text(el, 'message')).to.match(/^Ledgerly was removed from your Stripe account on \w+ \d+, \d{4}\. Reconnect to take payments again\.$/);
  });

  it('without a name, the texts read well without one', async () => {
    const { el } = await mount('name-none', { state: 'needs_attention' });
    expect(text(el, 'message')).to.match(/^The connection was removed from your Stripe account on /);
  });

  it("defaults to the backend's Reconnect-Platform-Name header (percent-encoded UTF-8); the attribute wins", async () => {
    const restore = backendNames(encodeURIComponent('Lédgerly & Co'));
    try {
      const { el } = await mount('name-header', { state: 'needs_attention' });
      expect(text(el, 'message')).to.match(/^Lédgerly & Co was removed from your Stripe account/);
      el.setAttribute('platform-name', 'Ledgerly');
      await el.updateComplete;
      expect(text(el, 'message')).to.match(/^Ledgerly was removed/);
    } finally {
      restore();
    }
  });

  it('a backend configured with PLATFORM_NAME names the product through the header itself', async () => {
    const tenantId = newTenant('named');
    const named = (await stack<{ apiBase: string; token: string }>('named', { tenantId }))!;
    comeBack('account_already_integrated');
    const { el } = await mount('named', { tenantId, apiBase: named.apiBase, token: named.token });
    const panel = await waitForPanel(el, 'error');
    expect(panel.textContent).to.contain(`This Stripe account is already connected to another workspace on ${info.platformName}.`);
  });

  it('a header that is not valid percent-encoding is ignored', async () => {
    const restore = backendNames('%E0%A4%A');
    try {
      const { el } = await mount('name-bad-header', { state: 'needs_attention' });
      expect(text(el, 'message')).to.match(/^The connection was removed/);
    } finally {
      restore();
    }
  });
});

describe('plain words', () => {
  it('no jargon and no "this app" in any English text', () => {
    const all = texts({ en, enHelp }).join('\n').toLowerCase();
    // A workspace is what the shop owner has on the platform ("another Ledgerly workspace"): their word, so it is allowed.
    for (const jargon of ['this app', 'the app of this site', 'another platform', "app's own account", 'refused access', 'session', 'same name and publishable key']) {
      expect(all, jargon).not.to.contain(jargon);
    }
  });

  it('an access revoked in Stripe says what it means, with the platform when named', async () => {
    const { el, status } = await mount('words-revoked', { state: 'connected', attrs: { 'platform-name': 'Ledgerly' } });
    await stack('revoke', { accountId: status.account!.id, webhook: false });
    await press(el, 'check');
    await waitUntil(() => indicator(el) === 'Needs attention', 'the revoked access is not shown');
    expect(text(el, 'message')).to.match(/^Since \w+ \d+, \d{4}, Ledgerly can no longer use your Stripe account\. Reconnect to take payments again\.$/);
  });

  it('the sign-in panels speak of signing in, not of sessions', async () => {
    const { panel } = await returnWith('session_expired', { state: 'connected' });
    expect(panel.textContent).to.contain('Your sign-in on this page timed out').and.not.match(/session/i);
  });
});

describe('French', () => {

  it('says "reconnectez Stripe", not "reconnectez-vous", and none of the awkward strings', () => {
    const all = JSON.stringify({ fr, frHelp });
    for (const awkward of ['reconnectez-vous', 'Reconnectez-vous', 'collées', 'a déjà servi', 'prouver votre session', 'tableau de bord', 'Toujours en échec', 'doit toujours être reconnecté', 'À choisir', 'ci-dessus', 'là-bas', "d'ici", 'avant le {date}']) {
      expect(all, awkward).not.to.contain(awkward);
    }
    expect(fr.problem.deauthorized).to.contain('Reconnectez Stripe');
  });

  it('writes dates in words in a sentence: "le 29 novembre 2026", no abbreviated month', async () => {
    const { el } = await mount('fr-date', { state: 'needs_attention', attrs: { lang: 'fr' } });
    await waitUntil(() => indicator(el) === 'Action requise', 'not in French');
    const message = text(el, 'message');
    expect(message).to.match(new RegExp(`^L'accès à votre compte Stripe a été retiré à ce site le \\d{1,2} (${MONTHS_FR}) \\d{4}\\. Reconnectez Stripe`));
    expect(text(el, 'account')).to.match(new RegExp(`Connexion établie le \\d{1,2} (${MONTHS_FR}) \\d{4}\\.`));
  });

  it('a panel in French: the fallback after a second failure names Stripe\'s own French menus', async () => {
    (await returnWith('access_denied', { state: 'connected', attrs: { lang: 'fr' } })).el.remove();
    const { el, panel } = await returnWith('authorization_expired', { state: 'connected', attrs: { lang: 'fr', 'platform-name': 'Ledgerly' } });
    await waitUntil(() => panel.textContent!.includes("L'approbation de Stripe est arrivée trop tard"), 'not in French');
    const last = [...panel.querySelectorAll('[part~="steps"] li')].at(-1)!;
    expect(last.textContent).to.equal(
      "Le problème persiste\u00a0? Dans Stripe, ouvrez Paramètres > Équipe et sécurité > Applications installées et cherchez Ledgerly dans la liste. Cliquez sur Révoquer l'accès (c'est ainsi que Stripe désinstalle une application), puis reconnectez Stripe ici.",
    );
    expect(last.querySelector('strong')!.textContent).to.equal("Révoquer l'accès");
    expect(part(el, 'close-button')!.getAttribute('aria-label')).to.equal('Fermer');
  });

  it('never lets a line start with ":" or "?": the space before them does not break', () => {
    const all = JSON.stringify({ fr, frHelp });
    expect(all).not.to.match(/ [:?»]/);
    expect(all).not.to.contain('« ');
  });
});
