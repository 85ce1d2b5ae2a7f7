/**
 * What this browser remembers about Reconnect flows, across the page loads
 * of a redirect flow and between windows:
 * - per tab (`sessionStorage`): whether the last flow failed (a second
 *   failure in a row gets the fallback step), whether the flow under way is
 *   a first connection, and the last flows' outcomes for "Copy details for
 *   support";
 * - per browser (`localStorage`, and this tab's `sessionStorage` where the
 *   other is refused): the flow this browser started, with its expiry. Only a
 *   return that finds it is completed: a link carrying a handle this browser
 *   never asked for does nothing. `localStorage` because a popup whose
 *   opener was severed (a page with `Cross-Origin-Opener-Policy:
 *   same-origin`) must find it too, and `sessionStorage` is copied into a
 *   popup only when it is created, before the flow has started.
 */
import type { ErrorCode, FlowMode } from '../contract/codes.js';

/** A flow's outcome, as "Copy details for support" lists it: null is success. */
export interface Tried {
  at: string;
  code: ErrorCode | null;
}

interface FlowMemory {
  /** The last flow failed. */
  failed: boolean;
  /** The flow under way started without a connection: its success is a first connection, not a reconnection. */
  first: boolean;
  /** The last flows of this tab, oldest first. */
  tried: Tried[];
}

/** A flow this browser started: where it went (popup or this page) and until when its return is accepted. */
export interface StartedFlow {
  id: string;
  mode: FlowMode;
  /** Milliseconds since the epoch: the flow's `expiresAt`. */
  expires: number;
}

const MEMORY = 'stripe-reconnect:flow';
const STARTED = 'stripe-reconnect:started';
/** How many flows the details for support list. */
const TRIED = 5;

/** This page's copies, for when storage is refused (sandboxed frame, privacy mode). */
let memory: FlowMemory = { failed: false, first: false, tried: [] };
let started: StartedFlow | null = null;

/** What `storage` holds under `key` (null when nothing); undefined when the storage is refused. */
function read(storage: () => Storage, key: string): unknown {
  try {
    const stored = storage().getItem(key);
    try {
      return JSON.parse(stored ?? 'null');
    } catch {
      return null;
    }
  } catch {
    return undefined;
  }
}

function write(storage: () => Storage, key: string, value: unknown): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, JSON.stringify(value));
  } catch {
    // This page's copy will do.
  }
}

export function recall(): FlowMemory {
  const stored = read(() => sessionStorage, MEMORY) as Partial<FlowMemory> | null | undefined;
  if (stored === undefined) return memory;
  return { failed: !!stored?.failed, first: !!stored?.first, tried: Array.isArray(stored?.tried) ? stored.tried : [] };
}

export function remember(changes: Partial<FlowMemory>): void {
  memory = { ...recall(), ...changes };
  write(() => sessionStorage, MEMORY, memory);
}

/**
 * Remembers a flow's outcome (`code` null: connected) for the next flow and
 * for the details for support; answers whether it is a failure that follows a
 * failure, whatever the codes.
 */
export function rememberOutcome(code: ErrorCode | null): boolean {
  const { failed, tried } = recall();
  remember({ failed: code !== null, tried: [...tried, { at: new Date().toISOString(), code }].slice(-TRIED) });
  return code !== null && failed;
}

/** Writes down that this browser starts a flow in `mode`, whose return is accepted until `expiresAt`. */
export function markStarted(mode: FlowMode, expiresAt: string): StartedFlow {
  const id = crypto.randomUUID();
  started = { id, mode, expires: Date.parse(expiresAt) || Date.now() + 600_000 };
  write(() => localStorage, STARTED, started);
  write(() => sessionStorage, STARTED, started);
  return started;
}

function isStarted(value: unknown): value is StartedFlow {
  const flow = value as StartedFlow | null;
  return typeof flow?.id === 'string' && (flow.mode === 'popup' || flow.mode === 'redirect') && flow.expires > Date.now();
}

/** The flow this browser started and that may still come back, if any. */
export function startedFlow(): StartedFlow | null {
  const found = [read(() => localStorage, STARTED), read(() => sessionStorage, STARTED), started].find(isStarted);
  return found ?? null;
}

/** Forgets the started flow (`id`, or any): its return will no longer be completed. */
export function forgetStarted(id?: string): void {
  if (id && startedFlow()?.id !== id) return;
  started = null;
  write(() => localStorage, STARTED, null);
  write(() => sessionStorage, STARTED, null);
}
