import { isDeepStrictEqual } from 'node:util';
import { accountObject, type AccountObject } from './account-object.js';
import { copyFacts, type AccountFacts } from './requirements.js';
import type { AccountRecord } from './seed.js';
import type { SandboxState } from './state.js';
import type { WebhookDelivery } from './webhook-sender.js';

/** Sends `account.updated` to one platform's Connect endpoint; null when that platform has none. */
export type NotifyAccountUpdated = (
  clientId: string,
  event: { accountId: string; livemode: boolean; object: AccountObject; previousAttributes: Record<string, unknown> },
) => WebhookDelivery | null;

export interface AccountUpdateResult {
  accountId: string;
  /** False when the account already was in that condition: nothing changed and nothing was sent. */
  changed: boolean;
  /** One per platform told (only the sandbox's own platform has an endpoint); empty when silent or unchanged. */
  deliveries: WebhookDelivery[];
}

const isHash = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Stripe's `data.previous_attributes` for an update: for each field that
 * changed, its value before. A nested hash lists only its own changed fields;
 * an array that changed at all is given whole (API versions since
 * 2017-05-25); a field that did not exist before reads null.
 */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key];
    const now = after[key];
    if (isDeepStrictEqual(old, now)) continue;
    previous[key] = isHash(old) && isHash(now) ? previousAttributes(old, now) : (old ?? null);
  }
  return previous;
}

/**
 * Puts an account in a condition the way Stripe changes one: the facts
 * change at once, and every platform watching the account (connected to it,
 * or controlling it) gets `account.updated` with the account as it sees it
 * now and the old values of what changed. `webhook: false` changes the
 * account silently, so a platform finds out only by asking (a status check).
 */
export function updateAccount(
  state: SandboxState,
  notify: NotifyAccountUpdated,
  account: AccountRecord,
  facts: AccountFacts,
  { webhook = true }: { webhook?: boolean } = {},
): AccountUpdateResult {
  const watchers = state.platformsWatching(account.id);
  const before = new Map(watchers.map(({ platform }) => [platform.clientId, accountObject(account, platform.clientId)]));
  const unchanged = accountObject(account, null);
  Object.assign(account, copyFacts(facts));
  const changed = !isDeepStrictEqual(unchanged, accountObject(account, null));
  if (!changed || !webhook) return { accountId: account.id, changed, deliveries: [] };

  const deliveries: WebhookDelivery[] = [];
  for (const { platform, livemode } of watchers) {
    const object = accountObject(account, platform.clientId);
    const previous = previousAttributes(before.get(platform.clientId)!, object);
    const delivery = notify(platform.clientId, { accountId: account.id, livemode, object, previousAttributes: previous });
    if (delivery) deliveries.push(delivery);
  }
  return { accountId: account.id, changed, deliveries };
}
