import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deriveKey, macMatches } from './signed-token.js';

/** How long a flow may take from `POST /connect` to Stripe's callback. */
export const STATE_TTL_SECONDS = 600;

const SHAPE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

/**
 * What a flow hands out before Stripe answers: the one-time start token of
 * `GET /oauth/start` and the OAuth `state`. Each is 32 random bytes and their
 * MAC, both base64url, and nothing else: the browser's history and Stripe's
 * logs see them, so they say nothing about the tenant, the page or the return
 * URL (those are stored server-side under the token's key). The MAC lets the
 * server turn junk away without a database round trip; each purpose has its
 * own MAC key, so a start token never verifies as a state or the other way.
 */
export type FlowTokenPurpose = 'oauth-state' | 'flow-start';

export function issueFlowToken(secret: string, purpose: FlowTokenPurpose): { token: string; key: string } {
  const nonce = randomBytes(32).toString('base64url');
  return { token: `${nonce}.${mac(secret, purpose, nonce).toString('base64url')}`, key: keyOf(nonce) };
}

/**
 * The storage key of a token this server issued for `purpose` (its MAC
 * verifies), or null. Only a hash of the random part is stored, so a read of
 * the table cannot rebuild a token.
 */
export function flowTokenKey(secret: string, purpose: FlowTokenPurpose, token: string): string | null {
  if (!SHAPE.test(token)) return null;
  const [nonce, given] = token.split('.') as [string, string];
  return macMatches(given, mac(secret, purpose, nonce)) ? keyOf(nonce) : null;
}

/** The OAuth `state` of a new flow, and its storage key. */
export function issueState(secret: string): { state: string; key: string } {
  const { token, key } = issueFlowToken(secret, 'oauth-state');
  return { state: token, key };
}

/** The storage key of a `state` this server issued, or null. */
export function stateKey(secret: string, state: string): string | null {
  return flowTokenKey(secret, 'oauth-state', state);
}

function mac(secret: string, purpose: FlowTokenPurpose, nonce: string): Buffer {
  return createHmac('sha256', deriveKey(secret, purpose)).update(nonce).digest();
}

function keyOf(nonce: string): string {
  return createHash('sha256').update(nonce).digest('base64url');
}
