/**
 * What this browser remembers about Reconnect flows, across the page loads
 * of a redirect flow and between windows:
 * - per tab (`sessionStorage`): whether the last flow failed (a second
 *   failure in a row gets the fallback step), whether the flow under way is
 *   a first connection, and the last flows' outcomes for "Copy details for
 *   support";
 * - the flows this browser started, each by the id the backend gave it, and
 *   where each may come back: a redirect flow to the tab that started it
 *   (its `sessionStorage`); a popup flow, when the popup is cut off from its
 *   opener (a page with `Cross-Origin-Opener-Policy: same-origin`), inside
 *   that popup only. The popup proves it with a window token written to the
 *   tab's `sessionStorage` just before `window.open` copies it into the
 *   popup; the flow and its token are in `localStorage`, which the popup
 *   shares. A return found anywhere else (the flow's return link forwarded,
 *   or opened in another tab) is not completed and changes nothing. */
import type { ErrorCode, FlowMode } from '../contract/codes.js';
import type { PopupTokenKey } from './model.js';

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

/** A flow this browser started: its id (from the backend), where it went (popup or this page), until when its return is accepted. */
export interface StartedFlow {
  id: string;
  mode: FlowMode;
  /** Milliseconds since the epoch: the flow's `expiresAt`. */
  expires: number;
  /** A popup flow's window token (given by `flow-loader.ts`): only the window it was given to may finish the flow on a page. */
  popup?: string;
}

const MEMORY = 'stripe-reconnect:flow';
const STARTED = 'stripe-reconnect:started';
/**
 * This window's popup token: set in the opener before the popup exists, so
 * the popup's copy of the tab's storage has it (by `flow-loader.ts`, in the
 * click, before this module is loaded).
 */
export const POPUP_TOKEN: PopupTokenKey = 'stripe-reconnect:popup';
/** The popup tokens this window handed out: the opener itself is never the popup. */
const OPENED = 'stripe-reconnect:opened';
/** How many flows the details for support list. */
const TRIED = 5;

/** This page's copies, for when storage is refused (sandboxed frame, privacy mode). */
let memory: FlowMemory = { failed: false, first: false, tried: [] };

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

type Started = Record<string, StartedFlow>;

function isStarted(value: unknown): value is StartedFlow {
  const flow = value as StartedFlow | null;
  return typeof flow?.id === 'string' && (flow.mode === 'popup' || flow.mode === 'redirect') && flow.expires > Date.now();
}

/** The unexpired flows written down in `storage`. */
function startedIn(storage: () => Storage): Started {
  const stored = read(storage, STARTED);
  const flows = stored && typeof stored === 'object' ? Object.values(stored as Started) : [];
  return Object.fromEntries(flows.filter(isStarted).map((flow) => [flow.id, flow]));
}

function writeStarted(storage: () => Storage, change: (flows: Started) => void): void {
  const flows = startedIn(storage);
  change(flows);
  write(storage, STARTED, Object.keys(flows).length ? flows : null);
}

/**
 * Writes down that this browser started flow `id` in `mode`, whose return is
 * accepted until `expiresAt`: in this tab's `sessionStorage` (a redirect flow
 * comes back to this tab) and, for a popup flow, in `localStorage` with its
 * window token (a popup cut off from this window finishes in itself).
 */
export function markStarted(id: string, mode: FlowMode, expiresAt: string, popup?: string): StartedFlow {
  const flow: StartedFlow = { id, mode, expires: Date.parse(expiresAt) || Date.now() + 600_000, ...(popup && { popup }) };
  writeStarted(() => sessionStorage, (flows) => void (flows[id] = flow));
  if (popup) {
    writeStarted(() => localStorage, (flows) => void (flows[id] = flow));
    // The popup already has its copy of the token: from now on this tab is its opener, never the popup.
    const opened = read(() => sessionStorage, OPENED);
    write(() => sessionStorage, OPENED, [...(Array.isArray(opened) ? opened : []).slice(-9), popup]);
    write(() => sessionStorage, POPUP_TOKEN, null);
  }
  return flow;
}

/**
 * The flow `id` if this window may finish it: a redirect flow in the tab
 * that started it; a popup flow in the popup it was opened in (it holds the
 * flow's window token, and is not the tab that opened it). Anywhere else (a
 * link with the flow's return opened in another tab or browser) null: a
 * return is only taken where the flow went.
 */
export function startedFlow(id: string | null): StartedFlow | null {
  if (!id) return null;
  const own = startedIn(() => sessionStorage)[id];
  if (own?.mode === 'redirect') return own;
  const flow = startedIn(() => localStorage)[id];
  if (flow?.mode !== 'popup' || !flow.popup) return null;
  const opened = read(() => sessionStorage, OPENED);
  const opener = Array.isArray(opened) && opened.includes(flow.popup);
  return !opener && read(() => sessionStorage, POPUP_TOKEN) === flow.popup ? flow : null;
}

/** Forgets started flow `id`: its return will no longer be completed. */
export function forgetStarted(id: string): void {
  writeStarted(() => sessionStorage, (flows) => void delete flows[id]);
  writeStarted(() => localStorage, (flows) => void delete flows[id]);
}
