import { createHmac } from 'node:crypto';
import type { AccountObject } from './account-object.js';
import { newId } from './ids.js';

/** The API version the sandbox's events are rendered in (stripe-node v23's pinned version). */
export const SANDBOX_API_VERSION = '2026-10-28.endive';

export const APPLICATION_EVENT_TYPES = ['account.application.authorized', 'account.application.deauthorized'] as const;
export type ApplicationEventType = (typeof APPLICATION_EVENT_TYPES)[number];
/** Every event type the sandbox sends to a platform's Connect endpoint. */
export type SandboxEventType = ApplicationEventType | 'account.updated';

/** What an event is about: the Connect application, or the account with the old values of what changed. */
export type SandboxEventContent =
  | { type: ApplicationEventType; data: { object: { id: string; object: 'application'; name: string } } }
  | {
      type: 'account.updated';
      /** `previous_attributes`: the changed fields' old values; nested hashes hold only what changed in them, arrays whole. */
      data: { object: AccountObject; previous_attributes: Record<string, unknown> };
    };

/** Stripe's event object for a Connect event. */
export type SandboxEvent = {
  id: string;
  object: 'event';
  /** The connected account the event is about (Connect events carry it at the top level). */
  account: string;
  api_version: string;
  created: number;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
} & SandboxEventContent;

export interface WebhookDelivery {
  event: SandboxEvent;
  url: string | null;
  /** `no_endpoint`: no webhook URL was set, so nothing was sent (as on Stripe with no Connect endpoint). */
  status: 'pending' | 'delivered' | 'failed' | 'no_endpoint';
  /** The endpoint's HTTP status, when it answered. */
  httpStatus: number | null;
  error: string | null;
  /** ms */
  createdAt: number;
  finishedAt: number | null;
}

export type EventInput = SandboxEventContent & {
  accountId: string;
  livemode: boolean;
  /** The API request that caused it (a platform's deauthorize), or null for Stripe's or a person's action in Stripe. */
  requestId: string | null;
};

/**
 * The `Stripe-Signature` header for a payload: `t=<unix>,v1=<hex HMAC-SHA256
 * of "<t>.<payload>">`, which `stripe.webhooks.constructEvent` verifies.
 */
export function signWebhookPayload(payload: string, secret: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

export interface WebhookSenderOptions {
  secret: string;
  /** Where events go now; read at send time so the URL can change at run time. */
  url: () => string | null;
  now: () => number;
  timeoutMs?: number;
}

/**
 * Sends Connect events to the platform's endpoint, signed like Stripe's. A
 * send never blocks the API answer that caused it; every delivery is recorded
 * so tests can see what was sent and how the endpoint answered. One attempt
 * per event: Stripe's days-long retries are the receiver's concern to tolerate, not to test here.
 */
export class WebhookSender {
  private records: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookSenderOptions) {}

  send(input: EventInput): WebhookDelivery {
    const url = this.options.url();
    const now = this.options.now();
    // Keys in the order Stripe renders them; the content's type and data pair up as the union says.
    const event = {
      id: newId.event(),
      object: 'event',
      account: input.accountId,
      api_version: SANDBOX_API_VERSION,
      created: Math.floor(now / 1000),
      data: input.data,
      livemode: input.livemode,
      pending_webhooks: url ? 1 : 0,
      request: { id: input.requestId, idempotency_key: null },
      type: input.type,
    } as SandboxEvent;
    const delivery: WebhookDelivery = {
      event,
      url,
      status: url ? 'pending' : 'no_endpoint',
      httpStatus: null,
      error: null,
      createdAt: now,
      finishedAt: url ? null : now,
    };
    this.records.push(delivery);
    if (url) {
      const attempt = this.deliver(delivery, url).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }
    return delivery;
  }

  private async deliver(delivery: WebhookDelivery, url: string): Promise<void> {
    // Stripe sends pretty-printed JSON; the signature covers these exact bytes.
    const payload = JSON.stringify(delivery.event, null, 2);
    const signature = signWebhookPayload(payload, this.options.secret, Math.floor(this.options.now() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signature,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          Accept: '*/*; q=0.5, application/xml',
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      delivery.httpStatus = response.status;
      delivery.status = response.ok ? 'delivered' : 'failed';
    } catch (error) {
      delivery.status = 'failed';
      delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      delivery.finishedAt = this.options.now();
    }
  }

  deliveries(): WebhookDelivery[] {
    return this.records.map((d) => ({ ...d }));
  }

  /** Resolves once every delivery under way has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  reset(): void {
    this.records = [];
  }
}
