import { updateAccount, type AccountUpdateResult, type NotifyAccountUpdated } from './account-updates.js';
import type { CallCounter } from './calls.js';
import type { Fault, FaultRegistry, FaultSpec } from './faults.js';
import type { NotifyPlatform } from './authorize-routes.js';
import { healthyFacts, informationDueFacts, pausedFacts, type DisabledReason, type InformationDueSpec, type PauseSpec } from './requirements.js';
import type { AccountRecord } from './seed.js';
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
  /** What Stripe says about taking payments (the account object's facts, the deadline as ISO 8601). */
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirements: { disabledReason: DisabledReason | null; currentlyDue: string[]; pastDue: string[]; currentDeadline: string | null };
}

/** Every change to an account's condition can be made silently (no `account.updated`). */
export interface UpdateOptions {
  webhook?: boolean;
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
  /**
   * Stripe pauses payments: charges and/or payouts off (default both), with
   * a `disabled_reason` (default `requirements.past_due`). Sends `account.updated`.
   */
  pauseAccount(accountId: string, spec?: PauseSpec & UpdateOptions): AccountUpdateResult;
  /** Stripe needs information by `deadline`; charges and payouts still work. Sends `account.updated`. */
  requireInformation(accountId: string, spec: InformationDueSpec & UpdateOptions): AccountUpdateResult;
  /** Back to healthy: onboarded, charges and payouts on, nothing due. Sends `account.updated` if that changed anything. */
  clearAccount(accountId: string, options?: UpdateOptions): AccountUpdateResult;
  /**
   * `count` new healthy test-mode accounts, each already connected to the
   * platform (as if its owner had been through the authorize page), for
   * fleets of thousands in tests and benchmarks; answers their ids.
   */
  addConnectedAccounts(count: number): string[];
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
  notifyAccountUpdated: NotifyAccountUpdated;
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
  notifyAccountUpdated,
  webhookUrl,
  initialWebhookUrl,
  forgetIdempotentAnswers,
}: ControlsDeps): SandboxControls {
  const platform = state.platform;

  function existing(accountId: string): AccountRecord {
    const account = state.accounts.get(accountId);
    if (!account) throw new UnknownAccountError(accountId);
    return account;
  }

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
        const deadline = account.requirements.currentDeadline;
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
          chargesEnabled: account.chargesEnabled,
          payoutsEnabled: account.payoutsEnabled,
          requirements: {
            disabledReason: account.requirements.disabledReason,
            currentlyDue: [...account.requirements.currentlyDue],
            pastDue: [...account.requirements.pastDue],
            currentDeadline: deadline === null ? null : new Date(deadline * 1000).toISOString(),
          },
        };
      });
    },
    revoke(accountId, { webhook = true } = {}) {
      existing(accountId);
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
      const account = existing(accountId);
      const livemode = state.connection(platform.clientId, accountId)?.livemode ?? account.livemode;
      return notify(platform.clientId, { type, accountId, livemode, requestId: null })!;
    },
    pauseAccount(accountId, { webhook, ...spec } = {}) {
      const account = existing(accountId);
      return updateAccount(state, notifyAccountUpdated, account, pausedFacts(spec, account.detailsSubmitted, state.now()), { webhook });
    },
    requireInformation(accountId, { webhook, ...spec }) {
      const account = existing(accountId);
      return updateAccount(state, notifyAccountUpdated, account, informationDueFacts(spec, account.detailsSubmitted, state.now()), { webhook });
    },
    clearAccount(accountId, { webhook } = {}) {
      return updateAccount(state, notifyAccountUpdated, existing(accountId), healthyFacts(), { webhook });
    },
    addConnectedAccounts(count) {
      return Array.from({ length: count }, () => {
        const account = Object.assign(state.createAccount({}, false), healthyFacts());
        state.connect(platform.clientId, account.id, false, 'read_write');
        return account.id;
      });
    },
  };
}
