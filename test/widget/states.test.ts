import { expect } from '@open-wc/testing';
import { indicator, mount, text } from './support/helpers.js';

describe('states', () => {
  it('shows a new tenant as not connected', async () => {
    const { el } = await mount('nc');
    expect(indicator(el)).to.equal('Not connected');
    expect(text(el)).to.contain('Connect your Stripe account');
  });

  it('shows a connected tenant with its account', async () => {
    const { el, status } = await mount('ok', { state: 'connected' });
    expect(indicator(el)).to.equal('Connected');
    expect(text(el, 'account')).to.contain(status.account!.id);
  });
});
