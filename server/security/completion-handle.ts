import { createHash, randomBytes } from 'node:crypto';

/** How long the browser that came back from Stripe has to redeem its handle. */
export const COMPLETION_TTL_SECONDS = 300;

const SHAPE = /^cmp_[A-Za-z0-9_-]{43}$/;

/**
 * A one-time completion handle, `cmp_` and 32 random bytes in base64url:
 * given only to the browser that came back from Stripe, redeemed by the
 * widget's session. Only its hash is stored, so a read of the table cannot
 * redeem anything.
 */
export function newCompletionHandle(): { handle: string; key: string } {
  const handle = `cmp_${randomBytes(32).toString('base64url')}`;
  return { handle, key: keyOf(handle) };
}

/** The storage key of a well-formed handle, or null (then no database is asked). */
export function completionKey(handle: string): string | null {
  return SHAPE.test(handle) ? keyOf(handle) : null;
}

function keyOf(handle: string): string {
  return createHash('sha256').update(handle).digest('base64url');
}
