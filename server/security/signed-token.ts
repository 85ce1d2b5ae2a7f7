import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

const derivedKeys = new Map<string, Buffer>();

/**
 * Compact signed tokens: `<version>.<base64url JSON>.<base64url HMAC-SHA256>`,
 * for session tokens. Each purpose (sessions, the OAuth state's MAC) has its
 * own key derived from the one secret, so a MAC made for one never verifies
 * as another.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  // Every request verifies a token; HKDF per call was ~5% of a GET /status's CPU. One key per secret and purpose.
  const id = `${purpose}\u0000${secret}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'stripe-reconnect', purpose, 32));
    derivedKeys.set(id, key);
  }
  return key;
}

/**
 * True when `given` is exactly the base64url text of `expected`. Compared as
 * text, not decoded: base64url decoding ignores padding, stray characters and
 * the unused low bits of the last character, so `<mac>=` or a sibling spelling
 * would otherwise verify too.
 */
export function macMatches(given: string, expected: Buffer): boolean {
  const want = Buffer.from(expected.toString('base64url'));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}

export function signToken(version: string, payload: unknown, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', key).update(`${version}.${body}`).digest('base64url');
  return `${version}.${body}.${mac}`;
}

/** The payload if the signature and shape are right; null otherwise (never throws on hostile input). */
export function verifyToken<T extends z.ZodType>(token: string, version: string, key: Buffer, schema: T): z.infer<T> | null {
  if (token.length > 4096) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== version) return null;
  const [, body, mac] = parts as [string, string, string];
  if (!macMatches(mac, createHmac('sha256', key).update(`${version}.${body}`).digest())) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
