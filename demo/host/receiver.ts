import type { HostEvent } from '../../contract/schemas.js';
import { HostWebhookSignatureError, verifyHostWebhook } from '../../server/host-webhooks/signature.js';
import { HOST_SIGNATURE_HEADER } from '../../contract/codes.js';

/** One delivery as the demo page shows it: what arrived and whether its signature held. */
export interface ReceivedWebhook {
  receivedAt: string;
  verified: boolean;
  /** Why it was refused, when it was. */
  problem: string | null;
  event: Pick<HostEvent, 'id' | 'type' | 'createdAt' | 'tenantId' | 'reason'> & { state: string | null; accountId: string | null } | null;
}

type Listener = (name: string, data: unknown) => void;

/**
 * The host backend's webhook endpoint (`HOST_WEBHOOK_URL`) and the live feed
 * the page listens to (SSE). It verifies each delivery with
 * `verifyHostWebhook`, as a host would, and keeps the demo tenants' ones.
 */
export class WebhookReceiver {
  received: ReceivedWebhook[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly secret: string,
    private readonly keep: (tenantId: string) => boolean,
  ) {}

  /** Handles one POST; answers the HTTP status the outbox sees. */
  receive(body: string, headers: Headers): number {
    const receivedAt = new Date().toISOString();
    let entry: ReceivedWebhook;
    try {
      const event = verifyHostWebhook(body, headers.get(HOST_SIGNATURE_HEADER), this.secret);
      if (!this.keep(event.tenantId)) return 200;
      entry = {
        receivedAt,
        verified: true,
        problem: null,
        event: {
          id: event.id,
          type: event.type,
          createdAt: event.createdAt,
          tenantId: event.tenantId,
          reason: event.reason,
          state: event.status.state,
          accountId: event.status.account?.id ?? null,
        },
      };
    } catch (error) {
      if (!(error instanceof HostWebhookSignatureError)) throw error;
      entry = { receivedAt, verified: false, problem: error.message, event: null };
    }
    this.received.push(entry);
    this.emit('webhook', entry);
    return entry.verified ? 200 : 400;
  }

  clear(): void {
    this.received = [];
  }

  emit(name: string, data: unknown): void {
    for (const listener of this.listeners) listener(name, data);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
