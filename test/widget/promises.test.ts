/**
 * The texts that carry a promise to the shop owner, in English and French,
 * as the element shows them: who to ask (the person who connected first),
 * what happens to subscriptions and renewals (before the flow, when switching
 * accounts, when disconnecting), what is needed first (logged in to Stripe;
 * for a legacy setup, nothing to paste any more), and the fallback's path in
 * Stripe (Installed apps, the platform by name, Revoke access). And every
 * text with the platform's name reads right with it and without it.
 */
import { expect } from '@open-wc/testing';
import { enHelp } from '../../widget/messages/en-help.js';
import { en } from '../../widget/messages/en.js';
import { fr, frHelp } from '../../widget/messages/fr.js';
import { format } from '../../widget/messages/index.js';
import type { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import { comeBack, mount, part, press, text, waitForPanel, waitUntil } from './support/helpers.js';

const JANE = { id: 'u_jane', name: 'Jane Doe', email: 'jane@acme.example' };
const NAMED = { 'platform-name': 'Ledgerly' };
const DATE_EN = '\\w+ \\d{1,2}, \\d{4}';
const DATE_FR = '\\d{1,2} \\S+ \\d{4}';

/** Every text of a catalog (its values, not its keys). */
const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap((v) => texts(v)));

/** Opens before-you-start, and waits for it in `lang`'s words. */
async function prepare(el: StripeReconnectElement, title: string) {
  await press(el, el.shadowRoot!.querySelector('[part~="connect-button"]') ? 'connect' : 'reconnect');
  await waitUntil(() => part(el, 'prepare-panel')?.querySelector('h4')?.textContent === title, `no "${title}"`);
  return text(el, 'prepare-panel');
}

describe('who to ask', () => {
  it('before you start names who connected first, and when', async () => {
    const { el } = await mount('promise-who', { state: 'needs_attention', user: JANE });
    await prepare(el, 'Before you start');
    expect(text(el, 'who')).to.match(new RegExp(`^Jane Doe connected Stripe here on ${DATE_EN}: if you can't find the account, ask them\\.$`));
  });

  it('en français', async () => {
    const { el } = await mount('promise-who-fr', { state: 'needs_attention', user: JANE, attrs: { lang: 'fr' } });
    await prepare(el, 'Avant de commencer');
    expect(text(el, 'who')).to.match(new RegExp(`^Jane Doe a connecté Stripe ici le ${DATE_FR} : si vous ne trouvez pas le compte, demandez-lui\\.$`));
  });
});

describe('subscriptions and renewals', () => {
  it('before the flow, by the state of the connection; and when switching accounts', async () => {
    const broken = await mount('promise-subs-broken', { state: 'needs_attention', attrs: NAMED });
    const said = await prepare(broken.el, 'Before you start');
    expect(said).to.contain(
      'Your subscriptions stay in your Stripe account, but the renewals charged through Ledgerly fail until it is reconnected: pick this same account and they go through again.',
    );
    expect(said).to.contain('Your subscriptions stay in the old account, and from then on the renewals charged there through Ledgerly fail.');
    const kept = await mount('promise-subs-kept', { state: 'connected' });
    expect(await prepare(kept.el, 'Before you start')).to.contain('Your subscriptions and customers stay in your Stripe account: pick this same account and renewals carry on as before.');
    const left = await mount('promise-subs-left', { state: 'disconnected' });
    expect(await prepare(left.el, 'Before you start')).to.contain(
      'Subscriptions stay in the Stripe account they were made in: the renewals charged through us go through only while that account is connected here.',
    );
  });

  it('in the disconnect confirmation', async () => {
    const { el } = await mount('promise-subs-disconnect', { state: 'connected', attrs: NAMED });
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    expect(text(el, 'confirm-panel')).to.contain(
      'Payments through Stripe stop until you connect again, and the renewals of your subscriptions charged through Ledgerly fail meanwhile. Your subscriptions, customers and Stripe account stay as they are.',
    );
  });

  it('en français', async () => {
    const { el } = await mount('promise-subs-fr', { state: 'needs_attention', attrs: { lang: 'fr', ...NAMED } });
    const said = await prepare(el, 'Avant de commencer');
    expect(said).to.contain("Vos abonnements restent dans votre compte Stripe, mais les renouvellements prélevés par Ledgerly échouent tant qu'il n'est pas reconnecté");
    expect(said).to.contain("Vos abonnements restent dans l'ancien compte, et les renouvellements prélevés par Ledgerly y échouent dès lors.");
    await press(el, 'cancel');
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    expect(text(el, 'confirm-panel')).to.contain('les renouvellements de vos abonnements prélevés par Ledgerly échouent entre-temps. Vos abonnements, vos clients et votre compte Stripe restent tels quels.');
  });
});

describe('what is needed first', () => {
  it('logged in to Stripe first; for a legacy setup, no keys or webhooks to paste any more', async () => {
    const { el } = await mount('promise-legacy', { state: 'legacy' });
    const said = await prepare(el, 'Before you start');
    expect(said).to.contain('Log in to Stripe in this browser first.').and.contain('No API keys or webhooks to paste any more: Stripe connects the account for you.');
  });

  it('en français', async () => {
    const { el } = await mount('promise-legacy-fr', { state: 'legacy', attrs: { lang: 'fr' } });
    const said = await prepare(el, 'Avant de commencer');
    expect(said).to.contain("Connectez-vous d'abord à Stripe dans ce navigateur.").and.contain('Plus de clés API ni de webhooks à copier : Stripe connecte le compte pour vous.');
  });
});

describe("the fallback's path in Stripe, after a second failure", () => {
  for (const [lang, title, path] of [
    ['en', 'The connection was not finished', "Still failing? In Stripe, open Settings > Team and security > Installed apps and find Ledgerly in the list. Click Revoke access (Stripe's word for uninstalling it), then reconnect here."],
    ['fr', "La connexion n'a pas été terminée", "Le problème persiste ? Dans Stripe, ouvrez Paramètres > Équipe et sécurité > Applications installées et cherchez Ledgerly dans la liste. Cliquez sur Révoquer l'accès (c'est ainsi que Stripe désinstalle une application), puis reconnectez Stripe ici."],
  ] as const) {
    it(`names the platform as Stripe's Installed apps show it, and says Revoke access uninstalls it (${lang})`, async () => {
      comeBack('stripe_unavailable');
      (await mount(`promise-again-${lang}-1`, { state: 'connected', attrs: { lang, ...NAMED } })).el.remove();
      comeBack('access_denied');
      const { el } = await mount(`promise-again-${lang}-2`, { state: 'connected', attrs: { lang, ...NAMED } });
      await waitUntil(() => part(el, 'error-panel')?.querySelector('h4')?.textContent === title, 'no panel in its language');
      const steps = [...part(el, 'steps')!.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
      expect(steps.at(-1)).to.equal(path);
    });
  }
});

describe("the platform's name", () => {
  const catalogs = { en: texts({ en, enHelp }), fr: texts({ fr, frHelp }) };

  it('every text that names the platform reads right with the name and without it', () => {
    const named = (line: string) => format(line, { platform: 'Ledgerly' });
    for (const [lang, lines] of Object.entries(catalogs)) {
      const platformed = lines.filter((line) => line.includes('{platform|'));
      expect(platformed.length, lang).to.be.at.least(8);
      for (const line of platformed) {
        // A verb of the first person after the name ("Ledgerly avons", "Ledgerly charge"), or a word of it left behind.
        expect(named(line), `${lang}: ${line}`).not.to.match(/Ledgerly (avons|sommes|pouvons|prélevons|charge|are|have|were)\b|\b(nous|nos soins|notre)\b|\b(we|us|our)\b/i);
        expect(format(line, {}), `${lang}: ${line}`).not.to.contain('{platform');
      }
    }
  });

  it('French, payments paused by the platform: in the third person with the name, in the first without', () => {
    expect(format(frHelp.paused.reason.platform, { platform: 'Ledgerly' })).to.equal('Les paiements de ce compte ont été suspendus par Ledgerly.');
    expect(format(frHelp.paused.reason.platform, {})).to.equal('Les paiements de ce compte ont été suspendus par nos soins.');
    expect(format(enHelp.paused.reason.platform, { platform: 'Ledgerly' })).to.equal('Ledgerly paused payments on this account.');
    expect(format(enHelp.paused.reason.platform, {})).to.equal('We paused payments on this account.');
  });
});
