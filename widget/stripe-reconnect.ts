/**
 * Registers `<stripe-reconnect>` and types it for the host page: the tag in
 * `HTMLElementTagNameMap`, the events in `HTMLElementEventMap`. Importing it
 * where there is no DOM (server-side rendering) does nothing and does not throw.
 */
import type { StripeReconnectEventMap } from './events.js';
import { StripeReconnectElement } from './stripe-reconnect-element.js';

export { StripeReconnectElement };
export type * from './events.js';

StripeReconnectElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'stripe-reconnect': StripeReconnectElement;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends StripeReconnectEventMap {}
}
