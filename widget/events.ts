/** The element's DOM events: names, `detail` shapes (docs/design.md) and how they are sent. */
import type { ErrorCode } from '../contract/codes.js';
import type { Account, Status } from '../contract/schemas.js';

export interface StatusEventDetail {
  status: Status;
}
export interface ConnectedEventDetail {
  account: Account;
}
export interface DisconnectedEventDetail {
  status: Status;
}
export interface ErrorEventDetail {
  code: ErrorCode;
  /** What happened, in the words the panel shows (the element's language). */
  message: string;
  /** From the contract: true when repeating the same request may succeed. */
  retryable: boolean;
}

/** Every event of `<stripe-reconnect>`, for `HTMLElementEventMap`. */
export interface StripeReconnectEventMap {
  'stripe-reconnect:status': CustomEvent<StatusEventDetail>;
  'stripe-reconnect:connected': CustomEvent<ConnectedEventDetail>;
  'stripe-reconnect:disconnected': CustomEvent<DisconnectedEventDetail>;
  'stripe-reconnect:error': CustomEvent<ErrorEventDetail>;
}

type Detail<K extends keyof StripeReconnectEventMap> = StripeReconnectEventMap[K]['detail'];

/** Sends one of the element's events: bubbling and composed, so the host page hears it through the shadow root. */
export function emit<K extends keyof StripeReconnectEventMap>(target: EventTarget, type: K, detail: Detail<K>): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
