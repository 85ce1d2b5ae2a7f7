import { randomBytes } from 'node:crypto';
import { OUTCOME_MESSAGE_TYPE, type ErrorCode } from '../../contract/codes.js';
import type { OutcomeMessage } from '../../contract/schemas.js';
import { defaultMessage } from '../errors.js';

export interface FlowPage {
  html: string;
  headers: Record<string, string>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A page of the flow's own (on the backend, never framed, never cached, no
 * referrer: its URL may hold a token or Stripe's code): `lines` in words,
 * the first one announced, and an optional inline script allowed by nonce.
 */
function flowPage(lines: string[], script?: (nonce: string) => string): FlowPage {
  const nonce = randomBytes(16).toString('base64');
  const [first = '', ...rest] = lines.map(escapeHtml);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Stripe connection</title>
<style nonce="${nonce}">body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;color:#1a1f36;background:#f6f9fc}
main{max-width:28rem;padding:2rem;text-align:center}@media (prefers-color-scheme:dark){body{color:#e6e9f0;background:#10131a}}</style></head>
<body><main><p role="status">${first}</p>${rest.map((line) => `<p>${line}</p>`).join('')}</main>${script ? script(nonce) : ''}</body></html>`;
  return {
    html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // Keeps window.opener working back to the widget's page.
      'Cross-Origin-Opener-Policy': 'unsafe-none',
    },
  };
}

/** Where a person who ended up in the wrong place can finish: the product by name when the host gave one. */
const settingsOf = (platformName: string | undefined) => (platformName ? `sign in to ${platformName}` : 'sign in to the product you were connecting');

/**
 * The tiny page that ends a popup flow: it posts the outcome (the completion
 * handle, or the code that ended the flow, with the flow's id) to the
 * widget's window, to `targetOrigin` exactly, never `*`, and closes. When the
 * window has no opener any more (a page with a strict
 * Cross-Origin-Opener-Policy severs it) it goes to `fallbackUrl`, the flow's
 * return URL with the redirect parameters, and finishes there as a redirect
 * flow would. Without a trusted origin it only shows the outcome in words.
 */
export function renderCallbackPage(input: {
  code: ErrorCode | null;
  completion: string | null;
  flowId: string | null;
  requestId: string;
  targetOrigin: string | null;
  fallbackUrl: string | null;
}): FlowPage {
  const flow = input.flowId ?? '';
  const message: OutcomeMessage =
    input.code === null && input.completion
      ? { type: OUTCOME_MESSAGE_TYPE, outcome: 'pending', completion: input.completion, flow, requestId: input.requestId }
      : { type: OUTCOME_MESSAGE_TYPE, outcome: 'error', code: input.code ?? 'internal', flow, requestId: input.requestId };
  const text = message.outcome === 'error' ? defaultMessage(message.code) : 'Almost done: the page where you started finishes connecting Stripe.';
  const { targetOrigin, fallbackUrl } = input;
  const script = targetOrigin
    ? (nonce: string) =>
        `<script nonce="${nonce}">(function(){var m=${scriptJson(message)},o=${scriptJson(targetOrigin)},r=${scriptJson(
          fallbackUrl,
        )};try{if(window.opener){window.opener.postMessage(m,o);setTimeout(function(){window.close();},50);return;}}catch(e){}if(r){location.replace(r);}})();</script>`
    : undefined;
  return flowPage([text, 'You can close this window.'], script);
}

/**
 * The callback of a flow whose authorize address was finished in another
 * browser than the one that started it (forwarded by mail, opened on another
 * device): nothing was connected, and the way to finish is said plainly.
 * No script, nothing posted anywhere.
 */
export function renderOtherBrowserPage(platformName: string | undefined): FlowPage {
  return flowPage([
    'Nothing was connected.',
    'This Stripe page was finished in a different browser from the one where the connection was started, so it cannot be used here.',
    `To connect Stripe, ${settingsOf(platformName)} in this browser and click Reconnect on its settings page.`,
  ]);
}

/** `GET /oauth/start` with a link already used, expired or not ours: nobody is sent to Stripe. */
export function renderStartRefusedPage(platformName: string | undefined): FlowPage {
  return flowPage([
    'This link to Stripe has already been used or has expired.',
    'Nothing was sent to Stripe and nothing changed.',
    `To connect Stripe, ${settingsOf(platformName)} and click Reconnect on its settings page.`,
  ]);
}
