/**
 * A settings page of its own for the redirect flow: the test opens it in a
 * window, since the flow navigates the whole page to Stripe and back. Its
 * configuration comes in `sessionStorage` (copied from the opener), so the
 * page's address is only what Stripe's redirect brings back; a tab the page
 * did not open (a link from a mail) finds it in `localStorage`.
 */
import '../../../widget/stripe-reconnect.js';

const config = JSON.parse(sessionStorage.getItem('redirect-window') ?? localStorage.getItem('redirect-window') ?? '{}') as { apiBase: string; token: string; mode?: string };
const events: { type: string; detail: unknown }[] = [];
(window as unknown as { recorded: typeof events }).recorded = events;
for (const name of ['status', 'connected', 'disconnected', 'error']) {
  document.addEventListener(`stripe-reconnect:${name}`, (event) => events.push({ type: name, detail: (event as CustomEvent).detail }));
}
const el = document.createElement('stripe-reconnect');
el.setAttribute('mode', config.mode ?? 'redirect');
el.setAttribute('session-token', config.token);
el.setAttribute('api-base', config.apiBase);
document.body.append(el);
