import type { CallCounter } from './calls.js';
import type { Fault, FaultRegistry, FaultSpec } from './faults.js';
import type { NotifyPlatform } from './authorize-routes.js';
import type { SandboxState } from './state.js';
import type { CountedRoute } from './types.js';
import type { ApplicationEventType, WebhookDelivery, WebhookSender } from './webhook-sender.js';

/** An account as the control API shows it: who it is and whether it is connected to the sandbox's platform. */
export interface AccountView {
  id: string;
  name: string;
  email: string;
  livemode: boolean;
  publishableKeys: { test: string; live: string };
  /** The platform that created and controls it, if any (such an account is ineligible for others). */
  controlledBy: { clientId: string; name: string } | null;
  isPlatform: boolean;
  /** Listed on the authorize page. */
  listed: boolean;
  connection: { livemode: boolean; scope: string; connectedAt: string } | null;
}

export interface RevokeResult {
  accountId: string;
  /** False when the account was not connected (nothing to revoke). */
  revoked: boolean;
  delivery: WebhookDelivery | null;
}

/** The sandbox's controls, usable in-process (tests) and through `/_sandbox/*` (other processes). */
export interface SandboxControls {
  reset(): void;
  accounts(): AccountView[];
  /** Like the account's owner clicking "Disconnect" in the Stripe Dashboard; `webhook: false` revokes silently. */
  revoke(accountId: string, options?: { webhook?: boolean }): RevokeResult;
  webhookUrl(): string | null;
  setWebhookUrl(url: string | null): void;
  addFault(spec: FaultSpec): Fault;
  faults(): Fault[];
  clearFaults(): number;
  /** Makes outstanding authorization codes (all, or one) expire now; answers how many. */
  expireCodes(code?: string): number;
  calls(): Record<CountedRoute, number>;
  callCount(route: CountedRoute): number;
  resetCalls(): void;
  deliveries(): WebhookDelivery[];
  /** Sends an application event for an account without changing any state, like `stripe trigger`. */
  triggerEvent(type: ApplicationEventType, accountId: string): WebhookDelivery;
}

export class UnknownAccountError extends Error {
  constructor(readonly accountId: string) {
    super(`No such sandbox account: ${accountId}`);
    this.name = 'UnknownAccountError';
  }
}

export interface ControlsDeps {
  state: SandboxState;
  faults: FaultRegistry;
  counter: CallCounter;
  webhooks: WebhookSender;
  notify: NotifyPlatform;
  /** Where the platform's Connect webhooks go; shared with the sender, which reads it at send time. */
  webhookUrl: { get(): string | null; set(url: string | null): void };
  initialWebhookUrl: string | null;
  /** Forgets the answers kept for idempotency keys. */
  forgetIdempotentAnswers(): void;
}

/** The controls over one sandbox's parts; the sandbox object and the control routes both use them. */
export function createControls({
  state,
  faults,
  counter,
  webhooks,
  notify,
  webhookUrl,
  initialWebhookUrl,
  forgetIdempotentAnswers,
}: ControlsDeps): SandboxControls {
  const platform = state.platform;

  return {
    reset() {
      state.reset();
      faults.clear();
      counter.reset();
      webhooks.reset();
      webhookUrl.set(initialWebhookUrl);
      forgetIdempotentAnswers();
    },
    accounts() {
      return [...state.accounts.values()].map((account) => {
        const connection = state.connection(platform.clientId, account.id);
        const owner = account.controlledBy ? state.platformByClientId(account.controlledBy) : undefined;
        return {
          id: account.id,
          name: account.name,
          email: account.email,
          livemode: account.livemode,
          publishableKeys: { ...account.publishableKeys },
          controlledBy: account.controlledBy ? { clientId: account.controlledBy, name: owner?.name ?? account.controlledBy } : null,
          isPlatform: account.id === platform.accountId,
          listed: account.listed,
          connection: connection
            ? { livemode: connection.livemode, scope: connection.scope, connectedAt: new Date(connection.connectedAt).toISOString() }
            : null,
        };
      });
    },
    revoke(accountId, { webhook = true } = {}) {
      if (!state.accounts.has(accountId)) throw new UnknownAccountError(accountId);
      const ended = state.disconnect(platform.clientId, accountId);
      if (!ended || !webhook) return { accountId, revoked: ended !== null, delivery: null };
      const delivery = notify(platform.clientId, { type: 'account.application.deauthorized', accountId, livemode: ended.livemode, requestId: null });
      return { accountId, revoked: true, delivery };
    },
    webhookUrl: () => webhookUrl.get(),
    setWebhookUrl: (url) => webhookUrl.set(url),
    addFault: (spec) => faults.add(spec),
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    expireCodes: (code) => state.expireCodes(code),
    calls: () => counter.all(),
    callCount: (route) => counter.count(route),
    resetCalls: () => counter.reset(),
    deliveries: () => webhooks.deliveries(),
    triggerEvent(type, accountId) {
      const account = state.accounts.get(accountId);
      if (!account) throw new UnknownAccountError(accountId);
      const livemode = state.connection(platform.clientId, accountId)?.livemode ?? account.livemode;
      return notify(platform.clientId, { type, accountId, livemode, requestId: null })!;
    },
  };
}
