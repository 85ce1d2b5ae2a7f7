import { randomBytes } from 'node:crypto';
import { OUTCOME_MESSAGE_TYPE, type ErrorCode } from '../../contract/codes.js';
import type { OutcomeMessage } from '../../contract/schemas.js';
import { defaultMessage } from '../errors.js';

export interface CallbackPage {
  html: string;
  headers: Record<string, string>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** What the page says in words (the message itself goes to the widget). */
function words(code: ErrorCode | null): string {
  return code ? defaultMessage(code) : 'Almost done: the page where you started finishes connecting Stripe.';
}

/**
 * The tiny page that ends a popup flow: it posts the outcome (the completion
 * handle, or the code that ended the flow) to the widget's window, to
 * `targetOrigin` exactly, never `*`, and closes. When the window has no opener
 * any more (a page with a strict Cross-Origin-Opener-Policy severs it) it goes
 * to `fallbackUrl`, the flow's return URL with the redirect parameters, and
 * finishes there as a redirect flow would. Without a trusted origin it only
 * shows the outcome in words. Tight CSP, no caching, no referrer (the URL
 * holds the authorization code).
 */
export function renderCallbackPage(input: {
  code: ErrorCode | null;
  completion: string | null;
  requestId: string;
  targetOrigin: string | null;
  fallbackUrl: string | null;
}): CallbackPage {
  const nonce = randomBytes(16).toString('base64');
  const message: OutcomeMessage =
    input.code === null && input.completion
      ? { type: OUTCOME_MESSAGE_TYPE, outcome: 'pending', completion: input.completion, requestId: input.requestId }
      : { type: OUTCOME_MESSAGE_TYPE, outcome: 'error', code: input.code ?? 'internal', requestId: input.requestId };
  const text = words(message.outcome === 'error' ? message.code : null);
  const script = input.targetOrigin
    ? `<script nonce="${nonce}">(function(){var m=${scriptJson(message)},o=${scriptJson(input.targetOrigin)},r=${scriptJson(
        input.fallbackUrl,
      )};try{if(window.opener){window.opener.postMessage(m,o);setTimeout(function(){window.close();},50);return;}}catch(e){}if(r){location.replace(r);}})();</script>`
    : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Stripe connection</title>
<style nonce="${nonce}">body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;color:#1a1f36;background:#f6f9fc}
main{max-width:26rem;padding:2rem;text-align:center}@media (prefers-color-scheme:dark){body{color:#e6e9f0;background:#10131a}}</style></head>
<body><main><p role="status">${escapeHtml(text)}</p><p>You can close this window.</p></main>${script}</body></html>`;
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
