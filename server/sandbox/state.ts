import { newId } from './ids.js';
import { notOnboardedFacts } from './requirements.js';
import { SANDBOX_OTHER_PLATFORM, seedAccounts, type AccountRecord, type SandboxPlatform } from './seed.js';

export type Scope = 'read_write' | 'read_only';

/** An account's OAuth connection to one platform. */
export interface Connection {
  accountId: string;
  clientId: string;
  livemode: boolean;
  scope: Scope;
  /** ms */
  connectedAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  accountId: string;
  livemode: boolean;
  scope: Scope;
  /** ms */
  expiresAt: number;
  usedAt: number | null;
}

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  accountId: string;
  livemode: boolean;
  scope: Scope;
  /** The code it was issued from; a second use of that code revokes it. */
  code: string;
  revoked: boolean;
}

/** What an API key resolves to: a platform (in the key's mode), or a connected account through its access token. */
export type Caller =
  | { kind: 'platform'; platform: SandboxPlatform; livemode: boolean; key: string }
  | { kind: 'access_token'; token: IssuedToken; key: string };

export interface NewAccountPrefill {
  name?: string;
  email?: string;
  url?: string;
  country?: string;
}

export interface SandboxStateOptions {
  platform: SandboxPlatform;
  codeTtlMs: number;
  now: () => number;
}

const connectionKey = (clientId: string, accountId: string) => `${clientId} ${accountId}`;

/** The other mode's twin of a secret key: `sk_test_X` and `sk_live_X` belong to the same platform. */
const twinKey = (key: string) => (key.startsWith('sk_test_') ? `sk_live_${key.slice(8)}` : `sk_test_${key.slice(8)}`);

/**
 * Everything the sandbox remembers: accounts, connections, codes and tokens.
 * Plain in-memory maps; `reset()` puts the seed back.
 */
export class SandboxState {
  readonly platform: SandboxPlatform;
  readonly platforms: SandboxPlatform[];
  readonly accounts = new Map<string, AccountRecord>();
  private readonly connections = new Map<string, Connection>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokens: IssuedToken[] = [];
  private createdCount = 0;

  constructor(private readonly options: SandboxStateOptions) {
    this.platform = options.platform;
    this.platforms = [options.platform, { ...SANDBOX_OTHER_PLATFORM }];
    this.reset();
  }

  reset(): void {
    this.accounts.clear();
    this.connections.clear();
    this.codes.clear();
    this.tokens.length = 0;
    this.createdCount = 0;
    for (const account of seedAccounts(this.platform, this.now())) this.accounts.set(account.id, account);
  }

  now(): number {
    return this.options.now();
  }

  requireAccount(id: string): AccountRecord {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`No sandbox account ${id}`);
    return account;
  }

  platformByClientId(clientId: string): SandboxPlatform | undefined {
    return this.platforms.find((p) => p.clientId === clientId);
  }

  platformOwning(accountId: string): SandboxPlatform | undefined {
    return this.platforms.find((p) => p.accountId === accountId);
  }

  /** Resolves a secret key: a platform's key in either mode, or a live access token. */
  resolveKey(key: string): Caller | null {
    for (const platform of this.platforms) {
      if (key === platform.secretKey || key === twinKey(platform.secretKey)) {
        return { kind: 'platform', platform, livemode: key.startsWith('sk_live_'), key };
      }
    }
    const token = this.tokens.find((t) => t.accessToken === key && !t.revoked);
    return token ? { kind: 'access_token', token, key } : null;
  }

  /** The accounts a platform may read: its own, those connected to it, and those it created and controls. */
  canAccess(platform: SandboxPlatform, accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account) return false;
    return account.id === platform.accountId || account.controlledBy === platform.clientId || this.connection(platform.clientId, accountId) !== null;
  }

  connection(clientId: string, accountId: string): Connection | null {
    return this.connections.get(connectionKey(clientId, accountId)) ?? null;
  }

  connectionsOf(clientId: string): Connection[] {
    return [...this.connections.values()].filter((c) => c.clientId === clientId);
  }

  /**
   * The platforms Stripe tells about a change to an account: every platform
   * connected to it, and the one that controls it; each in the mode it knows the account in.
   */
  platformsWatching(accountId: string): Array<{ platform: SandboxPlatform; livemode: boolean }> {
    const account = this.accounts.get(accountId);
    if (!account) return [];
    return this.platforms
      .map((platform) => ({ platform, connection: this.connection(platform.clientId, accountId) }))
      .filter(({ platform, connection }) => connection !== null || account.controlledBy === platform.clientId)
      .map(({ platform, connection }) => ({ platform, livemode: connection?.livemode ?? account.livemode }));
  }

  connect(clientId: string, accountId: string, livemode: boolean, scope: Scope): Connection {
    const connection = { accountId, clientId, livemode, scope, connectedAt: this.now() };
    this.connections.set(connectionKey(clientId, accountId), connection);
    return connection;
  }

  /**
   * Ends a connection the way Stripe does: its tokens stop working and codes
   * not yet exchanged are forgotten. Answers the ended connection, or null if
   * there was none.
   */
  disconnect(clientId: string, accountId: string): Connection | null {
    const key = connectionKey(clientId, accountId);
    const connection = this.connections.get(key) ?? null;
    if (!connection) return null;
    this.connections.delete(key);
    for (const token of this.tokens) if (token.clientId === clientId && token.accountId === accountId) token.revoked = true;
    for (const [code, entry] of this.codes) {
      if (entry.clientId === clientId && entry.accountId === accountId && entry.usedAt === null) this.codes.delete(code);
    }
    return connection;
  }

  issueCode(clientId: string, accountId: string, livemode: boolean, scope: Scope): AuthorizationCode {
    const entry = { code: newId.code(), clientId, accountId, livemode, scope, expiresAt: this.now() + this.options.codeTtlMs, usedAt: null };
    this.codes.set(entry.code, entry);
    return entry;
  }

  code(code: string): AuthorizationCode | null {
    return this.codes.get(code) ?? null;
  }

  /** Codes issued but not exchanged and not yet expired. */
  outstandingCodes(): AuthorizationCode[] {
    const now = this.now();
    return [...this.codes.values()].filter((c) => c.usedAt === null && c.expiresAt > now);
  }

  /** Makes outstanding codes (all, or the one named) expire now. Answers how many. */
  expireCodes(code?: string): number {
    const targets = this.outstandingCodes().filter((c) => code === undefined || c.code === code);
    for (const entry of targets) entry.expiresAt = this.now() - 1;
    return targets.length;
  }

  issueToken(code: AuthorizationCode, livemode: boolean): IssuedToken {
    const token = {
      accessToken: newId.accessToken(livemode),
      refreshToken: newId.refreshToken(),
      clientId: code.clientId,
      accountId: code.accountId,
      livemode,
      scope: code.scope,
      code: code.code,
      revoked: false,
    };
    this.tokens.push(token);
    return token;
  }

  /** A fresh access token from a refresh token; the refresh token itself stays the same, as Stripe's does. */
  refresh(token: IssuedToken, livemode: boolean, scope: Scope = token.scope): IssuedToken {
    const next = { ...token, accessToken: newId.accessToken(livemode), livemode, scope };
    this.tokens.push(next);
    return next;
  }

  tokenByRefresh(refreshToken: string): IssuedToken | null {
    return this.tokens.findLast((t) => t.refreshToken === refreshToken) ?? null;
  }

  revokeTokensOfCode(code: string): number {
    const hit = this.tokens.filter((t) => t.code === code && !t.revoked);
    for (const token of hit) token.revoked = true;
    return hit.length;
  }

  /** "Create a new Stripe account" on the authorize page: a brand-new Standard account with fresh keys. */
  createAccount(prefill: NewAccountPrefill, livemode: boolean): AccountRecord {
    this.createdCount += 1;
    const id = newId.account();
    const account: AccountRecord = {
      id,
      name: prefill.name?.trim() || `New account ${this.createdCount}`,
      email: prefill.email?.trim() || `new-account-${this.createdCount}@example.com`,
      url: prefill.url?.trim() || null,
      country: /^[A-Z]{2}$/.test(prefill.country ?? '') ? prefill.country! : 'US',
      defaultCurrency: 'usd',
      livemode,
      publishableKeys: { test: newId.publishableKey(false), live: newId.publishableKey(true) },
      created: Math.floor(this.now() / 1000),
      controlledBy: null,
      listed: true,
      // A brand-new account has not finished onboarding, as on Stripe.
      ...notOnboardedFacts(),
    };
    this.accounts.set(id, account);
    return account;
  }
}
