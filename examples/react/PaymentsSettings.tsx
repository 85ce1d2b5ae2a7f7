/**
 * A React settings section built on the wrapper from `stripe-reconnect/react`:
 * the element's attributes are props, its `stripe-reconnect:*` events are
 * `onStatus`, `onConnected`, `onDisconnected` and `onError`, typed with their
 * `detail`.
 */
import { useRef, useState } from 'react';
import { StripeReconnect, type StripeReconnectElement } from 'stripe-reconnect/react';

/**
 * Asks the host backend for a token for the signed-in user's workspace.
 * Defined outside the component so that its identity is stable: a new
 * function on every render would be a new property value on every render.
 */
async function fetchSessionToken(): Promise<string> {
  const response = await fetch('/api/stripe-reconnect/session', { method: 'POST' });
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export function PaymentsSettings() {
  const element = useRef<StripeReconnectElement>(null);
  const [state, setState] = useState('loading');
  const [notice, setNotice] = useState('');

  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      <StripeReconnect
        ref={element}
        apiBase="/billing/stripe-reconnect"
        sessionProvider={fetchSessionToken}
        supportUrl="/help/stripe"
        onStatus={(event) => setState(event.detail.status.state)}
        onConnected={(event) => setNotice(`Connected to ${event.detail.account.name ?? event.detail.account.id}`)}
        onDisconnected={() => setNotice('Stripe was disconnected')}
        onError={(event) => setNotice(`${event.detail.code}: ${event.detail.message}`)}
      />
      <p data-testid="host-state">Payments: {state}</p>
      {notice && <p role="status">{notice}</p>}
      <button type="button" onClick={() => void element.current?.refresh()}>
        Check again
      </button>
    </section>
  );
}
