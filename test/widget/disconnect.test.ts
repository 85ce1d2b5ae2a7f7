/** Disconnecting asks first; only the confirmation disconnects. */
import { expect } from '@open-wc/testing';
import type { Status } from '../../contract/schemas.js';
import { button, focused, indicator, mount, part, press, record, stack, waitForPanel, waitUntil } from './support/helpers.js';

describe('disconnect', () => {
  it('Cancel leaves the connection as it was', async () => {
    const { el, tenantId } = await mount('disc-cancel', { state: 'connected' });
    const events = record();
    await press(el, 'disconnect');
    const panel = await waitForPanel(el, 'confirm');
    expect(panel.textContent).to.contain('Disconnect Stripe?').and.contain('Payments through Stripe stop');
    expect(focused(el)?.id).to.equal('panel-title');
    await press(el, 'cancel');
    events.stop();
    expect(part(el, 'confirm-panel')).to.equal(null);
    expect(indicator(el)).to.equal('Connected');
    expect((await stack<Status>('status', { tenantId }))!.state).to.equal('connected');
    expect(events.of('disconnected')).to.have.length(0);
  });

  it('the confirmation disconnects: state disconnected, the disconnected event', async () => {
    const { el, tenantId } = await mount('disc-confirm', { state: 'connected' });
    const events = record();
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    await press(el, 'confirm');
    await waitUntil(() => events.of('disconnected').length === 1, 'no disconnected event');
    events.stop();
    expect(events.of('disconnected')[0].detail.status.state).to.equal('disconnected');
    await waitUntil(() => indicator(el) === 'Disconnected', 'the state is not shown');
    expect(part(el, 'confirm-panel')).to.equal(null);
    expect(!!button(el, 'connect')).to.equal(true);
    expect((await stack<Status>('status', { tenantId }))!.state).to.equal('disconnected');
  });
});
