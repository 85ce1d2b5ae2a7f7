/**
 * The host page styles the element through custom properties and `::part()`;
 * its colours follow the page's `color-scheme`, not the operating system's:
 * light on a page that declares no dark scheme, the system's preference on a
 * page that supports dark, and `theme` over both.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { mount, part } from './support/helpers.js';

const background = (el: Element) => getComputedStyle(part(el, 'base')!).backgroundColor;
const WHITE = 'rgb(255, 255, 255)';
const DARK = 'rgb(23, 27, 38)';

describe('styling', () => {
  afterEach(async () => {
    document.documentElement.style.colorScheme = '';
    document.head.querySelector('meta[name="color-scheme"]')?.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('on a page that declares no dark scheme, stays light when the system is dark', async () => {
    const { el } = await mount('style-plain', { state: 'connected' });
    await emulateMedia({ colorScheme: 'dark' });
    expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the system is dark').to.equal(true);
    expect(background(el)).to.equal(WHITE);
    el.setAttribute('theme', 'dark');
    expect(background(el)).to.equal(DARK);
  });

  it('on a page with color-scheme: light dark, follows the system, and theme overrides it', async () => {
    const { el } = await mount('style-scheme', { state: 'connected' });
    document.documentElement.style.colorScheme = 'light dark';
    await emulateMedia({ colorScheme: 'light' });
    expect(background(el)).to.equal(WHITE);
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(el)).to.equal(DARK);
    el.setAttribute('theme', 'light');
    expect(background(el)).to.equal(WHITE);
    await emulateMedia({ colorScheme: 'light' });
    el.setAttribute('theme', 'dark');
    expect(background(el)).to.equal(DARK);
  });

  it('follows a <meta name="color-scheme"> that allows dark, and a color-scheme set on the element alone', async () => {
    const { el } = await mount('style-meta', { state: 'connected' });
    await emulateMedia({ colorScheme: 'dark' });
    const meta = Object.assign(document.createElement('meta'), { name: 'color-scheme', content: 'light dark' });
    document.head.append(meta);
    expect(background(el)).to.equal(DARK);
    meta.remove();
    expect(background(el)).to.equal(WHITE);
    el.style.colorScheme = 'dark';
    expect(background(el)).to.equal(DARK);
  });

  it('takes --stripe-reconnect-* custom properties and ::part() rules from the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <style>
        .branded { --stripe-reconnect-success-color: rgb(1, 2, 3); --stripe-reconnect-background: rgb(250, 240, 230); }
        .branded::part(indicator) { text-transform: uppercase; }
      </style>
    </div>`);
    const { el } = await mount('style-custom', { state: 'connected' });
    el.classList.add('branded');
    wrapper.append(el);
    expect(getComputedStyle(part(el, 'indicator')!, '::before').backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(background(el)).to.equal('rgb(250, 240, 230)');
    expect(getComputedStyle(part(el, 'indicator')!).textTransform).to.equal('uppercase');
  });
});
