/** The widget's public entry: the element (registered as `<stripe-reconnect>`), its event types and the catalog. */
export * from './stripe-reconnect.js';
export { ApiError } from './api-client.js';
export { en, type Messages } from './messages/en.js';
