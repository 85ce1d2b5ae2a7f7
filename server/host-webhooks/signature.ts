import { createHmac, timingSafeEqual } from 'node:crypto';
import { HostEvent } from '../../contract/schemas.js';
import { systemClock, unixSeconds, type Clock } from '../clock.js';

/** `Reconnect-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme of Stripe's own webhooks. */
export function signHostWebhook(body: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export class HostWebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostWebhookSignatureError';
  }
}

export interface VerifyHostWebhookOptions {
  /** How old (or how far in the future) the timestamp may be; default 300 s, like Stripe. 0 disables the check. */
  toleranceSeconds?: number;
  now?: Clock;
}

/**
 * For the host's side: checks the signature of a delivery against the raw
 * body, and the timestamp against replays, then returns the parsed event.
 * Throws `HostWebhookSignatureError` with the reason otherwise.
 */
export function verifyHostWebhook(body: string, header: string | null | undefined, secret: string, options: VerifyHostWebhookOptions = {}): HostEvent {
  const { toleranceSeconds = 300, now = systemClock } = options;
  if (!header) throw new HostWebhookSignatureError('No Reconnect-Signature header.');
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) throw new HostWebhookSignatureError('Malformed Reconnect-Signature header.');
  const expected = Buffer.from(signHostWebhook(body, secret, timestamp).split('v1=')[1] ?? '', 'hex');
  const matches = signatures.some((sig) => {
    const given = Buffer.from(sig, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new HostWebhookSignatureError('The signature does not match the body.');
  if (toleranceSeconds > 0 && Math.abs(unixSeconds(now()) - timestamp) > toleranceSeconds) {
    throw new HostWebhookSignatureError('The timestamp is outside the tolerance.');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new HostWebhookSignatureError('The body is not JSON.');
  }
  const parsed = HostEvent.safeParse(json);
  if (!parsed.success) throw new HostWebhookSignatureError('The body is not a stripe-reconnect event.');
  return parsed.data;
}
