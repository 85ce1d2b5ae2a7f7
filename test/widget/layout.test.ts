/**
 * What a person sees of the layout, on a phone-wide page (360 px) and a
 * normal one: keys and dates that never wrap, the waiting pill, the gap under a
 * panel's title, the Close icon, and at most three buttons per panel.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { button, comeBack, mount, panelButtons, part, press, restricted, startFlow, text, waitForPanel, waitUntil } from './support/helpers.js';

const box = (el: Element) => el.getBoundingClientRect();

for (const width of [360, 800]) {
  describe(`layout at ${width} px`, () => {
    before(() => setViewport({ width, height: 900 }));
    after(() => setViewport({ width: 800, height: 600 }));

    it('the publishable key is shortened in the middle, on one line, the whole key in its title; nothing overflows', async () => {
      const { el, status } = await mount(`lay-key-${width}`, { state: 'connected' });
      const key = status.account!.publishableKey!;
      const code = part(el, 'account')!.querySelector<HTMLElement>('code[title]')!;
      expect(code.textContent).to.equal(`${key.slice(0, 12)}…${key.slice(-3)}`);
      expect(code.title).to.equal(key);
      const lineHeight = parseFloat(getComputedStyle(code).lineHeight) || 20;
      expect(box(code).height, 'one line').to.be.below(lineHeight * 1.5);
      const base = part(el, 'base')!;
      expect(base.scrollWidth, 'no horizontal overflow').to.be.at.most(base.clientWidth);
    });

    it('in French, every date stays whole on one line, in the card and in its notice', async () => {
      const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const { el } = await restricted(`lay-dates-${width}`, { condition: 'due', deadline }, { lang: 'fr' });
      await waitUntil(() => text(el, 'notice').startsWith("Stripe a besoin d'informations"), 'not in French');
      const times = [...el.shadowRoot!.querySelectorAll('time')];
      expect(times.length, 'the deadline and the card\'s dates').to.be.at.least(2);
      // An inline element broken across lines has a box per line.
      for (const time of times) expect(time.getClientRects().length, time.textContent!).to.equal(1);
    });

    it('the waiting panel: its pill on one line, its dot round, then what to do', async () => {
      const { el } = await mount(`lay-wait-${width}`, { state: 'connected' });
      await startFlow(el);
      const panel = await waitForPanel(el, 'wait');
      const pill = panel.querySelector('h4')!;
      const dot = getComputedStyle(pill, '::before');
      expect([dot.width, dot.height]).to.deep.equal(['16px', '16px']);
      expect(box(pill).height, 'one line').to.be.below(30);
      expect(box(pill).width, 'not stretched across the panel').to.be.below(box(panel).width - 20);
      expect(panel.textContent).to.contain('Waiting for Stripe…').and.contain('Finish in the Stripe window.');
      expect(panelButtons(panel)).to.deep.equal(['Cancel']);
      await press(el, 'cancel');
    });

    it("an error panel: a gap between its title and its text, Close as a named icon in the corner, at most three buttons", async () => {
      comeBack('stripe_unavailable');
      const { el } = await mount(`lay-error-${width}`, { state: 'connected', attrs: { 'support-url': 'https://help.example.com/' } });
      const panel = await waitForPanel(el, 'error');
      const title = panel.querySelector('h4')!;
      const what = panel.querySelector('[role="alert"] p')!;
      expect(box(what).top - box(title).bottom, 'gap under the title').to.be.at.least(4);
      const close = button(el, 'close')!;
      expect(close.textContent!.trim()).to.equal('×');
      expect(close.getAttribute('aria-label')).to.equal('Close');
      expect(box(panel).right - box(close).right, 'in the right corner').to.be.below(16);
      expect(box(close).top - box(panel).top, 'at the top').to.be.below(16);
      const words = document.createRange();
      words.selectNodeContents(title);
      expect(words.getBoundingClientRect().right, 'the title does not run under it').to.be.at.most(box(close).left + 1);
      expect(panelButtons(panel)).to.deep.equal(['Try again', 'Copy details for support']);
      expect(part(el, 'support-link')!.textContent).to.equal('Contact support');
    });

    it('a blocked popup: Continue in this window and Copy, then Contact support', async () => {
      const { el } = await mount(`lay-blocked-${width}`, { state: 'connected', attrs: { 'support-url': 'https://help.example.com/' } });
      // Spend any user activation a previous key press left, so that the next open() is blocked.
      open('about:blank', 'spend-activation')?.close();
      await el.reconnect();
      const panel = await waitForPanel(el, 'error');
      expect(panelButtons(panel)).to.deep.equal(['Continue in this window', 'Copy details for support']);
      const row = panel.querySelector(':scope > .row')!;
      expect(row.lastElementChild!.getAttribute('part')).to.equal('support-link');
      expect(box(row.lastElementChild!).right, 'at the end of the row').to.be.closeTo(box(row).right, 1);
    });

    it('the before-you-start and confirm panels have two buttons each', async () => {
      const { el } = await mount(`lay-prepare-${width}`, { state: 'connected' });
      await press(el, 'reconnect');
      expect(panelButtons(await waitForPanel(el, 'prepare'))).to.deep.equal(['Continue to Stripe', 'Cancel']);
      await press(el, 'cancel');
      await press(el, 'disconnect');
      expect(panelButtons(await waitForPanel(el, 'confirm'))).to.deep.equal(['Disconnect', 'Cancel']);
      await press(el, 'cancel');
      await waitUntil(() => !part(el, 'panel'), 'the panel stays');
    });
  });
}
