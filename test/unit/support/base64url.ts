/** Base64url surgery for the token tests: one character changed, another spelling of the same bytes. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';


export const SECRET = 'session-secret-for-unit-tests-0001';
export const OTHER_SECRET = 'session-secret-for-unit-tests-0002';
export const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `text` with the character at `index` replaced by the next one of the base64url alphabet. */
export function changeAt(text: string, index: number): string {
  const i = index < 0 ? text.length + index : index;
  const next = B64URL[(B64URL.indexOf(text[i]!) + 1) % 64]!;
  return text.slice(0, i) + next + text.slice(i + 1);
}

/**
 * Another spelling of the same bytes: the last character of 32 bytes in
 * base64url carries two unused bits, and flipping one decodes the same.
 */
export function sibling(text: string): string {
  const last = text[text.length - 1]!;
  const spelled = text.slice(0, -1) + B64URL[B64URL.indexOf(last) ^ 1]!;
  assert.deepEqual(Buffer.from(spelled, 'base64url'), Buffer.from(text, 'base64url'), 'not a sibling spelling');
  assert.notEqual(spelled, text);
  return spelled;
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest('base64url');
