/**
 * The host page styles the element through custom properties and `::part()`;
 * its colours follow the page's `color-scheme`, not the operating system's:
 * light on a page that declares no dark scheme, the system's preference on a
 * page that supports dark, and `theme` over both.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { mount, part, restricted } from './support/helpers.js';

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

/** A computed colour as red, green, blue (0–255) and alpha: `rgb()`, `rgba()` or `color(srgb …)`. */
function rgba(value: string): [number, number, number, number] {
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(value);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  const [r, g, b, a = 1] = value.match(/[\d.]+/g)!.map(Number);
  return [r!, g!, b!, a];
}

/** WCAG's contrast ratio of two opaque colours. */
function contrast(one: number[], two: number[]): number {
  const luminance = ([r, g, b]: number[]) => {
    const [R, G, B] = [r!, g!, b!].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
  };
  const [a, b] = [luminance(one), luminance(two)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

/** The pill's words against the pill as drawn: its translucent background over the card's. */
function pill(el: Element) {
  const ind = part(el, 'indicator')!;
  const [r, g, b, alpha] = rgba(getComputedStyle(ind).backgroundColor);
  const card = rgba(getComputedStyle(part(el, 'base')!).backgroundColor);
  const under = [r, g, b].map((c, i) => c * alpha + card[i]! * (1 - alpha));
  const words = rgba(getComputedStyle(ind).color);
  return { words, ratio: contrast(words, under), icon: rgba(getComputedStyle(ind, '::before').backgroundColor), fg: rgba(getComputedStyle(part(el, 'base')!).color) };
}

describe('the card', () => {
  it("the pill's words are in the state's colour, at 4.5:1 or more, light and dark", async () => {
    for (const state of ['needs_attention', 'connected', 'not_connected'] as const) {
      const { el } = await mount(`pill-${state}`, { state });
      for (const theme of ['light', 'dark']) {
        el.setAttribute('theme', theme);
        const { words, ratio, fg } = pill(el);
        expect(ratio, `${state}, ${theme}`).to.be.at.least(4.5);
        expect(words, `${state}, ${theme}: not the card's text colour`).not.to.deep.equal(fg);
        // Red words for a connection that needs attention: red leads.
        if (state === 'needs_attention') expect(words[0], `${state}, ${theme}`).to.be.above(Math.max(words[1]!, words[2]!) + 60);
      }
      el.remove();
    }
  });

  it('a connected card with a deadline from Stripe shows the warning colour in its pill', async () => {
    const { el } = await restricted('pill-due', { condition: 'due', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    expect(part(el, 'indicator')!.textContent).to.equal('Connected');
    for (const [theme, amber] of [
      ['light', [138, 83, 0]],
      ['dark', [242, 182, 90]],
    ] as const) {
      el.setAttribute('theme', theme);
      const { icon, ratio } = pill(el);
      expect(icon.slice(0, 3).map(Math.round), theme).to.deep.equal(amber);
      expect(ratio, theme).to.be.at.least(4.5);
    }
  });

  it('"Last checked" is on a line of its own', async () => {
    const { el } = await mount('last-checked', { state: 'connected' });
    const [connected, checked] = [...part(el, 'account')!.querySelectorAll('p > span')];
    expect(checked!.textContent).to.match(/^Last checked /);
    expect(checked!.getBoundingClientRect().top).to.be.at.least(connected!.getBoundingClientRect().bottom - 1);
    expect(checked!.getBoundingClientRect().left).to.equal(connected!.getBoundingClientRect().left);
  });
});
