import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deriveKey, macMatches } from './signed-token.js';

/** How long a flow may take from `POST /connect` to Stripe's callback. */
export const STATE_TTL_SECONDS = 600;

const SHAPE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

/**
 * The OAuth `state`: 32 random bytes and their MAC, both base64url, and
 * nothing else. Stripe's logs and the browser's history see it, so it says
 * nothing about the tenant, the page or the return URL: those are stored
 * server-side under {@link stateKey}. The MAC lets the callback turn away junk
 * without a database round trip.
 */
export function issueState(secret: string): { state: string; key: string } {
  const nonce = randomBytes(32).toString('base64url');
  return { state: `${nonce}.${mac(secret, nonce).toString('base64url')}`, key: keyOf(nonce) };
}

/**
 * The storage key of a state that this server issued (its MAC verifies), or
 * null. Only a hash of the random part is stored, so a read of the table
 * cannot rebuild a state.
 */
export function stateKey(secret: string, state: string): string | null {
  if (!SHAPE.test(state)) return null;
  const [nonce, given] = state.split('.') as [string, string];
  return macMatches(given, mac(secret, nonce)) ? keyOf(nonce) : null;
}

function mac(secret: string, nonce: string): Buffer {
  return createHmac('sha256', deriveKey(secret, 'oauth-state')).update(nonce).digest();
}

function keyOf(nonce: string): string {
  return createHash('sha256').update(nonce).digest('base64url');
}
