/** The message catalog: picked by `lang`, English as the fallback, every locale complete. */
import { expect } from '@open-wc/testing';
import { enHelp } from '../../widget/messages/en-help.js';
import { en } from '../../widget/messages/en.js';
import { fr, frHelp } from '../../widget/messages/fr.js';
import { localeOf } from '../../widget/messages/index.js';
import { button, indicator, mount, part, press, waitForPanel, waitUntil } from './support/helpers.js';

/** Every key path of a catalog; a troubleshooting entry (an array) is one leaf. */
function paths(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) ? paths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('messages', () => {
  it('en and fr have exactly the same keys, and every panel a title, what happened and steps', () => {
    expect(paths(fr).sort()).to.deep.equal(paths(en).sort());
    expect(paths(frHelp).sort()).to.deep.equal(paths(enHelp).sort());
    for (const catalog of [enHelp, frHelp]) {
      for (const entry of Object.values(catalog.code)) {
        expect(entry.length).to.be.at.least(3);
        expect(entry.every((line) => line.trim().length > 0)).to.equal(true);
      }
    }
  });

  it('maps a lang to a catalog: fr-CA → fr, unknown → en', () => {
    expect(localeOf('fr')).to.equal('fr');
    expect(localeOf('fr-CA')).to.equal('fr');
    expect(localeOf('de')).to.equal('en');
    expect(localeOf(null)).to.equal('en');
  });

  it('lang="fr" shows French, panels included', async () => {
    const { el } = await mount('fr', { state: 'connected', attrs: { lang: 'fr' } });
    await waitUntil(() => indicator(el) === 'Connecté', 'not in French');
    expect(button(el, 'check')!.textContent).to.equal('Vérifier à nouveau');
    await press(el, 'reconnect');
    const panel = await waitForPanel(el, 'prepare');
    expect(panel.textContent).to.contain('Avant de commencer').and.contain('rôle Administrateur');
  });

  it('a panel on screen follows a change of lang', async () => {
    const { el } = await mount('fr-switch', { state: 'connected' });
    await press(el, 'reconnect');
    const panel = await waitForPanel(el, 'prepare');
    expect(panel.textContent).to.contain('Before you start');
    el.lang = 'fr';
    await waitUntil(() => part(el, 'prepare-panel')?.textContent?.includes('Avant de commencer'), 'the panel stays in English');
    expect(button(el, 'start')!.textContent).to.equal('Continuer vers Stripe');
    expect(indicator(el)).to.equal('Connecté');
  });

  it('lang="fr-CA" falls back to fr, lang="de" to English', async () => {
    const { el } = await mount('frca', { state: 'connected', attrs: { lang: 'fr-CA' } });
    await waitUntil(() => indicator(el) === 'Connecté', 'fr-CA is not French');
    el.lang = 'de';
    await waitUntil(() => indicator(el) === 'Connected', 'de is not English');
    expect(el.getAttribute('lang')).to.equal('de');
  });
});
