/**
 * News of a flow between the windows of this origin. A popup whose opener
 * was severed (the host page is served with `Cross-Origin-Opener-Policy:
 * same-origin`) comes back from Stripe to the host page inside itself and
 * finishes the flow there; it tells the window that started the flow through
 * a `BroadcastChannel`, and through a `storage` event where a channel is
 * missing. Nothing is left in storage: the entry is removed as soon as it is
 * written (the event carries it), and it never holds the completion handle.
 */
import { isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { PickedAccount } from '../contract/schemas.js';

export interface FlowNews {
  /** The started flow's id (`flow-memory.ts`). */
  id: string;
  /** `pending`: the handle came back over there and is being redeemed; `done`: the flow ended with `code` (null: connected). */
  stage: 'pending' | 'done';
  code?: ErrorCode | null;
  requestId?: string | null;
  /** The account picked in Stripe, when a completion's account error named it. */
  account?: PickedAccount | null;
}

const TYPE = 'stripe-reconnect:flow';
const CHANNEL = 'stripe-reconnect';
const KEY = 'stripe-reconnect:news';

/** Tells the other windows of this origin what became of flow `news.id`. */
export function tell(news: FlowNews): void {
  const message = { type: TYPE, ...news };
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No channel here: the storage event below carries it.
  }
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...message, sent: Date.now() }));
    localStorage.removeItem(KEY);
  } catch {
    // Storage refused too: the waiting window still re-reads the status when it gets the focus back.
  }
}

function read(data: unknown, id: string): FlowNews | null {
  const news = data as (FlowNews & { type?: string }) | null;
  if (news?.type !== TYPE || news.id !== id || (news.stage !== 'pending' && news.stage !== 'done')) return null;
  const code = isErrorCode(news.code) ? news.code : null;
  const account = typeof news.account?.id === 'string' ? { id: news.account.id, name: news.account.name ?? null } : null;
  return { id, stage: news.stage, code, requestId: typeof news.requestId === 'string' ? news.requestId : null, account };
}

/** Calls `hear` with each piece of news of flow `id` (once per stage, whichever way it came); returns how to stop listening. */
export function listen(id: string, hear: (news: FlowNews) => void): () => void {
  const heard = new Set<string>();
  const take = (data: unknown) => {
    const news = read(data, id);
    if (!news || heard.has(news.stage)) return;
    heard.add(news.stage);
    hear(news);
  };
  let channel: BroadcastChannel | null = null;
  try {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event) => take(event.data);
  } catch {
    // The storage event will do.
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== KEY || !event.newValue) return;
    try {
      take(JSON.parse(event.newValue));
    } catch {
      // Not ours.
    }
  };
  addEventListener('storage', onStorage);
  return () => {
    channel?.close();
    removeEventListener('storage', onStorage);
  };
}
