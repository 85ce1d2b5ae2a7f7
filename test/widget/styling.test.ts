/** The host page styles the element through custom properties, `::part()`, and light or dark. */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { mount, part } from './support/helpers.js';

const background = (el: Element) => getComputedStyle(part(el, 'base')!).backgroundColor;
const WHITE = 'rgb(255, 255, 255)';
const DARK = 'rgb(23, 27, 38)';

describe('styling', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows prefers-color-scheme, and theme="light"|"dark" overrides it', async () => {
    const { el } = await mount('style-scheme', { state: 'connected' });
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
