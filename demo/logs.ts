/**
 * The two logs of the page: the DOM events the host page receives from the
 * element, and the host webhooks the demo's backend receiver verified. The
 * event log survives the reload of a redirect flow (sessionStorage).
 */
import type { ReceivedWebhook } from './host/receiver.js';

export const ELEMENT_EVENTS = ['stripe-reconnect:status', 'stripe-reconnect:connected', 'stripe-reconnect:disconnected', 'stripe-reconnect:error'] as const;

export interface LoggedEvent {
  at: string;
  type: string;
  summary: string;
  detail: string;
}

const KEY = 'demo:event-log';
const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB');

function item(className: string, type: string, at: string, summary: string, title = ''): HTMLLIElement {
  const li = document.createElement('li');
  li.className = className;
  li.dataset.type = type;
  const when = document.createElement('time');
  when.dateTime = at;
  when.textContent = time(at);
  const name = document.createElement('code');
  name.textContent = type;
  const text = document.createElement('span');
  text.textContent = summary;
  li.append(when, name, text);
  if (title) li.title = title;
  return li;
}

/** What a DOM event's detail says, in a few words. */
export function summarize(type: string, detail: Record<string, unknown>): string {
  if (type === 'stripe-reconnect:error') return `code=${String(detail.code)} retryable=${String(detail.retryable)}`;
  if (type === 'stripe-reconnect:connected') {
    const account = detail.account as { id: string; name: string | null };
    return `account=${account.id} (${account.name ?? 'no name'})`;
  }
  const status = detail.status as { state: string; problem: { code: string } | null };
  return `state=${status.state}${status.problem ? ` problem=${status.problem.code}` : ''}`;
}

export class EventLog {
  private entries: LoggedEvent[] = [];

  constructor(private readonly list: HTMLOListElement) {
    try {
      this.entries = JSON.parse(sessionStorage[KEY] ?? '[]') as LoggedEvent[];
    } catch {
      this.entries = [];
    }
    this.render();
  }

  add(entry: LoggedEvent): void {
    this.entries.push(entry);
    this.entries = this.entries.slice(-200);
    sessionStorage[KEY] = JSON.stringify(this.entries);
    this.list.append(this.row(entry));
    this.list.scrollTop = this.list.scrollHeight;
  }

  /**
   * Starts the log over when the workspace changed (a scenario started here,
   * in another tab, or the demo restarted); keeps it across a redirect flow's reload.
   */
  follow(generation: number, label: string): void {
    if (sessionStorage[`${KEY}:generation`] === String(generation)) return;
    sessionStorage[`${KEY}:generation`] = String(generation);
    this.clear();
    this.add({ at: new Date().toISOString(), type: 'scenario', summary: label, detail: '' });
  }

  clear(): void {
    this.entries = [];
    sessionStorage.removeItem(KEY);
    this.render();
  }

  private row(entry: LoggedEvent): HTMLLIElement {
    return item(entry.type === 'scenario' ? 'sep' : entry.type.replace('stripe-reconnect:', 'ev-'), entry.type, entry.at, entry.summary, entry.detail);
  }

  private render(): void {
    this.list.replaceChildren(...this.entries.map((e) => this.row(e)));
  }
}

export function renderWebhooks(list: HTMLOListElement, received: readonly ReceivedWebhook[]): void {
  list.replaceChildren(
    ...received.map((w) => {
      if (!w.event) return item('wh rejected', 'rejected', w.receivedAt, `✗ refused: ${w.problem ?? 'bad signature'}`);
      const e = w.event;
      const li = item(
        'wh',
        e.type,
        w.receivedAt,
        `✓ signature verified · ${e.tenantId} · state=${e.state ?? '—'}${e.reason ? ` reason=${e.reason}` : ''}${e.accountId ? ` · ${e.accountId}` : ''}`,
        e.id,
      );
      li.dataset.verified = 'true';
      return li;
    }),
  );
  list.scrollTop = list.scrollHeight;
}
