/**
 * The host webhook signature (`Reconnect-Signature: t=…,v1=…`): the scheme
 * as documented, so a host can check it in any language, and what
 * `verifyHostWebhook` refuses, case by case.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { HostWebhookSignatureError, signHostWebhook, verifyHostWebhook, type VerifyHostWebhookOptions } from '../../server/host-webhooks/signature.js';
import { hostEventsFor } from '../../server/host-webhooks/events.js';
import { at, record } from './fixtures.js';

const SECRET = 'whsec_host_endpoint_secret_0001';
/** A real delivery's body: the connection.connected event of a first connection. */
const BODY = hostEventsFor({ previous: record({ state: 'not_connected', account: null, connectedAt: null, checkedAt: null }), next: record(), lastAttempt: null, at: at(1), by: null })[0]!.body;
const T = 1_795_000_000;
const NOW = () => new Date(T * 1000);
const hex = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('hex');
const V1 = hex(SECRET, `${T}.${BODY}`);

describe('signHostWebhook: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
  const cases: Array<[string, string, string, number]> = [
    ['an event', BODY, SECRET, T],
    ['an empty body', '', SECRET, T],
    ['non-ASCII text, hashed as UTF-8', '{"name":"Café Ünïcode ☕"}', SECRET, 1],
    ['timestamp 0', BODY, 'another-secret', 0],
  ];
  for (const [name, body, secret, timestamp] of cases) {
    test(name, () => assert.equal(signHostWebhook(body, secret, timestamp), `t=${timestamp},v1=${hex(secret, `${timestamp}.${body}`)}`));
  }
});

describe('verifyHostWebhook: accepted', () => {
  const cases: Array<[string, string, VerifyHostWebhookOptions]> = [
    ['as signed', signHostWebhook(BODY, SECRET, T), { now: NOW }],
    ['parts in the other order', `v1=${V1},t=${T}`, { now: NOW }],
    ['spaces around the parts', ` t=${T} , v1=${V1} `, { now: NOW }],
    ['one of several v1 signatures matches (secret rotation)', `t=${T},v1=${hex('old-secret', `${T}.${BODY}`)},v1=${V1}`, { now: NOW }],
    ['unknown schemes beside v1 are ignored', `t=${T},v0=abc,v2=${'0'.repeat(64)},v1=${V1}`, { now: NOW }],
    ['exactly at the tolerance, 300 s late', `t=${T - 300},v1=${hex(SECRET, `${T - 300}.${BODY}`)}`, { now: NOW }],
    ['exactly at the tolerance, 300 s early (clock skew)', `t=${T + 300},v1=${hex(SECRET, `${T + 300}.${BODY}`)}`, { now: NOW }],
    ['a day old with the check disabled (tolerance 0)', `t=${T - 86_400},v1=${hex(SECRET, `${T - 86_400}.${BODY}`)}`, { now: NOW, toleranceSeconds: 0 }],
    ['a wider tolerance', `t=${T - 3_000},v1=${hex(SECRET, `${T - 3_000}.${BODY}`)}`, { now: NOW, toleranceSeconds: 3_600 }],
    ['the clock’s milliseconds do not count', signHostWebhook(BODY, SECRET, T - 300), { now: () => new Date(T * 1000 + 999) }],
  ];
  for (const [name, header, options] of cases) {
    test(`${name}: the parsed event`, () => assert.deepEqual(verifyHostWebhook(BODY, header, SECRET, options), JSON.parse(BODY)));
  }

  test('the default clock is the real one', () => {
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(verifyHostWebhook(BODY, signHostWebhook(BODY, SECRET, now), SECRET), JSON.parse(BODY));
    assert.throws(() => verifyHostWebhook(BODY, signHostWebhook(BODY, SECRET, now - 301), SECRET), /tolerance/);
  });
});

describe('verifyHostWebhook: refused with the reason', () => {
  const signed = (body: string, timestamp = T, secret = SECRET) => signHostWebhook(body, secret, timestamp);
  const NO_HEADER = /No Reconnect-Signature header/;
  const MALFORMED = /Malformed Reconnect-Signature header/;
  const MISMATCH = /does not match/;
  const TOO_OLD = /outside the tolerance/;
  const cases: Array<[string, string, string | null | undefined, string, VerifyHostWebhookOptions, RegExp]> = [
    // [case, body, header, secret, options, reason]
    ['no header (null)', BODY, null, SECRET, {}, NO_HEADER],
    ['no header (undefined)', BODY, undefined, SECRET, {}, NO_HEADER],
    ['an empty header', BODY, '', SECRET, {}, NO_HEADER],
    ['junk', BODY, 'garbage', SECRET, {}, MALFORMED],
    ['no timestamp', BODY, `v1=${V1}`, SECRET, {}, MALFORMED],
    ['no v1', BODY, `t=${T}`, SECRET, {}, MALFORMED],
    ['a timestamp that is not a number', BODY, `t=soon,v1=${V1}`, SECRET, {}, MALFORMED],
    ['a negative timestamp', BODY, `t=-${T},v1=${V1}`, SECRET, {}, MALFORMED],
    ['a timestamp of 13 digits', BODY, `t=1${'0'.repeat(12)},v1=${V1}`, SECRET, {}, MALFORMED],
    ['v1 in capitals', BODY, `t=${T},v1=${V1.toUpperCase()}`, SECRET, {}, MALFORMED],
    ['v1 one hex digit short', BODY, `t=${T},v1=${V1.slice(1)}`, SECRET, {}, MALFORMED],
    ['v1 one hex digit long', BODY, `t=${T},v1=${V1}0`, SECRET, {}, MALFORMED],
    ['v1 in base64', BODY, `t=${T},v1=${Buffer.from(V1, 'hex').toString('base64')}`, SECRET, {}, MALFORMED],
    ['the event type changed in the body', BODY.replace('connection.connected', 'connection.repaired'), signed(BODY), SECRET, { now: NOW }, MISMATCH],
    ['a space added to the body', `${BODY} `, signed(BODY), SECRET, { now: NOW }, MISMATCH],
    ['another secret', BODY, signed(BODY, T, 'whsec_someone_else'), SECRET, { now: NOW }, MISMATCH],
    ['the timestamp moved on, the signature kept (a replay dressed as new)', BODY, `t=${T + 60},v1=${V1}`, SECRET, { now: NOW }, MISMATCH],
    ['the signature of the body alone, without the timestamp', BODY, `t=${T},v1=${hex(SECRET, BODY)}`, SECRET, { now: NOW }, MISMATCH],
    ['another delivery’s signature', BODY, `t=${T},v1=${hex(SECRET, `${T}.{}`)}`, SECRET, { now: NOW }, MISMATCH],
    ['301 s old', BODY, signed(BODY, T - 301), SECRET, { now: NOW }, TOO_OLD],
    ['301 s in the future', BODY, signed(BODY, T + 301), SECRET, { now: NOW }, TOO_OLD],
    ['older than a tolerance of 10 s', BODY, signed(BODY, T - 11), SECRET, { now: NOW, toleranceSeconds: 10 }, TOO_OLD],
    ['signed, but not JSON', 'not json', signed('not json'), SECRET, { now: NOW }, /not JSON/],
    ['signed JSON that is not an event', '{"type":"charge.succeeded"}', signed('{"type":"charge.succeeded"}'), SECRET, { now: NOW }, /not a stripe-reconnect event/],
    ['signed, an event type this version does not know', BODY.replace('connection.connected', 'connection.exploded'), signed(BODY.replace('connection.connected', 'connection.exploded')), SECRET, { now: NOW }, /not a stripe-reconnect event/],
  ];
  for (const [name, body, header, secret, options, reason] of cases) {
    test(name, () => {
      assert.throws(
        () => verifyHostWebhook(body, header, secret, options),
        (error: unknown) => error instanceof HostWebhookSignatureError && error.name === 'HostWebhookSignatureError' && reason.test(error.message),
      );
    });
  }

  test('a forged signature is refused before the body is read', () => {
    assert.throws(() => verifyHostWebhook('not json', `t=${T},v1=${'0'.repeat(64)}`, SECRET, { now: NOW }), MISMATCH);
  });

  test('the timestamp is checked only once the signature matches (a forged one tells nothing)', () => {
    assert.throws(() => verifyHostWebhook(BODY, `t=${T - 9_999},v1=${V1}`, SECRET, { now: NOW }), MISMATCH);
  });
});
