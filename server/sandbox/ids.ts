import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of Stripe's id alphabet from node:crypto, so ids and tokens are not guessable. */
export function randomChars(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A Stripe-style id: prefix plus random characters. The lengths follow what
 * Stripe hands out (16 after `acct_`, 14 after `req_`, 24 after `evt_`, 32 after `ac_`).
 */
export const newId = {
  account: () => `acct_1${randomChars(15)}`,
  requestId: () => `req_${randomChars(14)}`,
  event: () => `evt_1${randomChars(23)}`,
  code: () => `ac_${randomChars(32)}`,
  accessToken: (livemode: boolean) => `sk_${livemode ? 'live' : 'test'}_51${randomChars(96)}`,
  refreshToken: () => `rt_${randomChars(40)}`,
  publishableKey: (livemode: boolean) => `pk_${livemode ? 'live' : 'test'}_51${randomChars(96)}`,
};

/**
 * How Stripe shows a key in error messages: the prefix, a star for each hidden
 * character, and the last four, e.g. `sk_test_********************DgAU`.
 */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  if (rest.length <= 4) return `${prefix}${'*'.repeat(rest.length)}`;
  return `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}
