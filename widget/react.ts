/**
 * stripe-reconnect/react: `<stripe-reconnect>` as a React component.
 *
 * Importing this module registers the tag (through `./stripe-reconnect.js`),
 * so the component renders the element without a second import.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { ConnectedEventDetail, DisconnectedEventDetail, ErrorEventDetail, StatusEventDetail } from './events.js';
import { StripeReconnectElement } from './stripe-reconnect.js';

export type { ConnectedEventDetail, DisconnectedEventDetail, ErrorEventDetail, StatusEventDetail } from './events.js';
export { StripeReconnectElement };

/**
 * `<stripe-reconnect>` for React. Attributes become camelCase props
 * (`apiBase`, `sessionToken`, `mode`, `returnUrl`, `lang`, `supportUrl`), set as
 * the element's properties; `sessionProvider` is passed the same way. The
 * `stripe-reconnect:*` events are the `onStatus`, `onConnected`,
 * `onDisconnected` and `onError` props, typed with their `detail`. A `ref`
 * reaches the element for `refresh()`, `reconnect()` and `disconnect()`.
 *
 * @example
 * ```tsx
 * <StripeReconnect
 *   apiBase="/billing/stripe-reconnect"
 *   sessionProvider={fetchSessionToken}
 *   onConnected={(event) => console.log(event.detail.account.id)}
 * />
 * ```
 */
export const StripeReconnect = createComponent({
  react: React,
  tagName: 'stripe-reconnect',
  elementClass: StripeReconnectElement,
  displayName: 'StripeReconnect',
  events: {
    onStatus: 'stripe-reconnect:status' as EventName<CustomEvent<StatusEventDetail>>,
    onConnected: 'stripe-reconnect:connected' as EventName<CustomEvent<ConnectedEventDetail>>,
    onDisconnected: 'stripe-reconnect:disconnected' as EventName<CustomEvent<DisconnectedEventDetail>>,
    onError: 'stripe-reconnect:error' as EventName<CustomEvent<ErrorEventDetail>>,
  },
});

/** The props of {@link StripeReconnect}. */
export type StripeReconnectProps = React.ComponentProps<typeof StripeReconnect>;
