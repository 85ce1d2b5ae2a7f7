/**
 * The element's vocabulary: every type that the start-up code (the element
 * and its controllers) and the lazy chunks (the panels, the flow, the help
 * texts) share, in one module of types only. It compiles to nothing, and it
 * imports only types from modules that import nothing of the widget
 * (`contract/`, Lit, `api-client.ts`, `messages/en.ts`), so imports run one
 * way: every module may import this one, and this one imports none of them.
 * A lazy chunk takes nothing else from the start-up code, not even a type.
 */
import type { ReactiveControllerHost, TemplateResult, html, nothing } from 'lit';
import type { ErrorCode, FlowMode } from '../contract/codes.js';
import type { PickedAccount, Status } from '../contract/schemas.js';
import type { ApiClient } from './api-client.js';
import type { en } from './messages/en.js';

/**
 * What the element is busy with, one at a time, and what "Try again" repeats
 * after it failed: reading the status (`load`), a check with Stripe, a flow
 * in a `popup` or in this window (`redirect`), presenting a flow's handle
 * again (`complete`), a disconnect.
 */
export type Task = 'load' | 'check' | 'popup' | 'redirect' | 'complete' | 'disconnect';

/** The card's texts: English ships at start (`messages/en.ts`), every locale matches it. */
export type Messages = typeof en;

/** Fills a text's placeholders (`{platform}`, `{account}`, and `values`). */
export type Fill = (text: string, values?: Record<string, string | null | undefined>) => string;

// ——— The panels under the card ———

/** A troubleshooting panel: the code, the task that failed, and what support needs. */
export interface ErrorPanel {
  code: ErrorCode;
  task: Task;
  requestId?: string | null;
  /** When it was shown (ISO), for the details for support. */
  at: string;
  /** The flow failed after a failure: add the fallback step. */
  again?: boolean;
  /** The account that was picked in Stripe, when the backend said it. */
  account?: PickedAccount | null;
  /** The details for support, shown to copy by hand when the clipboard refused them. */
  details?: string;
}

/**
 * Waiting for Stripe: in the popup, this page going there, a popup this page
 * can no longer see (`elsewhere`: the page's opener policy cut it off, and it
 * may still finish), or one that came back over there (`finishing`).
 */
export interface WaitPanel {
  wait: 'popup' | 'redirect' | 'elsewhere' | 'finishing';
}

export type Panel = 'prepare' | 'confirm' | WaitPanel | ErrorPanel;

/** What the panels show of the element's state, and what their buttons do: the element's answer, read at each render. */
export interface PanelView {
  /** The card's texts (the panels' are `help`). */
  m: Messages;
  status: Status | null;
  /** A native button with the parts `button` and `<name>-button`; a `primary` or `danger` one is filled. */
  button(name: string, click: () => unknown, look: '' | 'primary' | 'danger', label: string): TemplateResult;
  fill: Fill;
  /** Runs a task from a button: Continue to Stripe, Continue in this window, Disconnect, Try again. */
  run(task: Task): void;
  /** Cancel: ends a flow that waits, and closes the panel. */
  cancel(): void;
}

/** The element, as the panels read it: its attributes. */
export interface PanelHost {
  readonly mode: string;
  /** The host's `support-url` (linked only when it is an http(s) or mailto address). */
  readonly supportUrl: string | null;
  /** Given: trying again can renew a session. */
  readonly sessionProvider: unknown;
}

/** What a panel template gets: the view, Lit's `html` and `nothing`, the panels' texts, the element, and the panel controller. */
export interface PanelScope extends PanelView {
  html: typeof html;
  nothing: typeof nothing;
  help: Help;
  host: PanelHost;
  /** The panel open now, if any. */
  panel: Panel | null;
  panels: {
    close(): void;
    announce(text: string): void;
    /** Shows the details for support in `panel`, selected, to copy by hand (the clipboard refused them). */
    showDetails(panel: ErrorPanel, details: string): void;
  };
}

/** The panels' lazy chunk (`panels.ts`), as the panel controller uses it. */
export interface PanelTemplates {
  renderPanel(scope: PanelScope, panel: Panel): unknown;
  renderNotice(scope: PanelScope, status: Status): unknown;
  /** The `error` event's detail for `panel`, in the panel's own words. */
  errorEvent(scope: PanelScope, panel: ErrorPanel): { code: ErrorCode; message: string; retryable: boolean };
  adoptPanelStyles(root: ShadowRoot): void;
}

// ——— The Reconnect flow and what it works with ———

/**
 * The element a flow runs in, as the flow sees it: a Lit host it adds
 * itself to and sends its events on, whose `mode` and `return-url` it reads
 * as they are set.
 */
export interface FlowHost extends ReactiveControllerHost, EventTarget {
  readonly mode: string;
  readonly returnUrl: string | null;
}

/** The card (`card-controller.ts`), as the flow uses it. */
export interface Card {
  /** The status on screen. */
  readonly status: Status | null;
  /** Runs `work` as `task`: busy while it runs, a failure shown as its panel. */
  run(task: Task, work: () => Promise<void>): Promise<void>;
  /** Reads the status again and shows it. */
  read(): Promise<Status>;
  /** Shows a status the backend answered. */
  show(status: Status): void;
  /** Says what a flow did, in the card and the live region, until the next status. */
  say(sentence: string): void;
  fill: Fill;
}

/** The panels (`panel-controller.ts`), as the flow uses them. */
export interface Panels {
  /** Opens a panel (a waiting panel is also announced). */
  open(panel: Panel): Promise<void>;
  close(): void;
  /** Opens an error's troubleshooting panel (shown now) and sends the `error` event. */
  showError(panel: Omit<ErrorPanel, 'at'>): Promise<void>;
  /** Loads the panels and their texts in the element's language, if not yet, and answers the texts (null when they cannot be loaded). */
  load(): Promise<Help | null>;
  /** Puts a sentence in the live region. */
  announce(text: string): void;
}

/** What a flow works with besides its host. */
export interface FlowTools {
  api: ApiClient;
  card: Card;
  panels: Panels;
}

/** How a flow starts: in a popup or this window; `resume` presents the kept handle again, if it is still fresh. */
export interface FlowStart {
  mode: FlowMode;
  resume?: boolean;
}

/** The popup the element opened inside the click, and the window token it gave it (`flow-memory.ts`); null when it was blocked. */
export interface OpenedPopup {
  window: Window;
  token: string;
}

/** The flow's lazy chunk (`reconnect-flow.ts`), as the flow loader uses it. */
export interface Flow {
  /**
   * Starts a flow, or only brings the open Stripe window forward, or presents
   * a kept handle again (`resume`); `open` opens the popup (call it before any
   * `await`: null when it was blocked). Resolves when the flow has ended.
   */
  start(start: FlowStart, open: () => OpenedPopup | null): Promise<void>;
  /** Finishes the flow this page is the return of, if it is one. */
  finishReturn(): Promise<void>;
  cancel(): void;
}

/** `flow-memory.ts`'s key for a popup's window token, written by the loader before the flow's code is loaded. */
export type PopupTokenKey = 'stripe-reconnect:popup';

// ——— The panels' texts (a chunk of their own per locale) ———

/** A troubleshooting panel: its title, what happened, then the steps that fix it. */
export type HelpEntry = readonly [title: string, what: string, ...steps: string[]];

/**
 * The panels' texts. Placeholders as in `messages/en.ts`, plus `{picked}`,
 * the account picked in Stripe; `**words**` are shown in bold (a button's
 * name in Stripe).
 */
export interface Help {
  /** The language of these texts, for the dates in them. */
  locale: string;
  action: Record<'cancel' | 'start' | 'retry' | 'here' | 'copy' | 'support' | 'close', string>;
  prepare: {
    title: string;
    /** What is needed, one item each: logged in to Stripe first, the Administrator role. */
    login: string;
    role: string;
    /** Which account to pick: the expected one by its name (`{account}`), by its key when no name is known, or any. */
    pick: string;
    pickKey: string;
    any: string;
    /** Who connected first (`{name}`) and when (`{date}`): the person to ask. */
    who: string;
    /** A legacy setup: what moving to Stripe's way changes. */
    legacy: string;
    /** What happens to subscriptions and renewals: a connection that works (or a legacy one), one that is broken, one that was disconnected. */
    subscriptions: { kept: string; broken: string; left: string };
    popup: string;
    redirect: string;
  };
  /**
   * The waiting panel: its short title, then what to do (a popup), what
   * happens (this page goes to Stripe), a popup this page can no longer see
   * (the page's opener policy cut it off), or one that came back over there.
   */
  wait: { title: string; popup: string; redirect: string; elsewhere: string; finishing: string };
  /** Disconnecting: what stops, and what happens to subscriptions and renewals. */
  confirm: { title: string; body: string };
  /** Said in the card after a flow that succeeded: a first connection, or a reconnection. */
  done: { connected: string; reconnected: string };
  /** Said in a popup that finished its flow for the page it was cut off from, when the browser keeps it open. */
  closeThis: string;
  copied: string;
  copyHand: string;
  details: string;
  /** The last step after a flow failed twice in a row, whatever the codes: Stripe's Installed apps, the platform by name, Revoke access. */
  again: string;
  /** How to move to another account on purpose, and what happens to subscriptions then. */
  switch: string;
  /** Under an error, when the connection on record still works, or still needs reconnecting. */
  works: string;
  broken: string;
  /** Under the account errors: who connected Stripe here (`{name}`), the person most likely to reach the right account. */
  who: string;
  /** Where Stripe can have marked the account to connect ineligible (a first connection, a legacy setup): what that means. */
  ineligible: string;
  /** `invalid_state` over a connection that works: nothing more to do. */
  invalidConnected: string;
  /** `livemode_mismatch` when the element knows the platform's mode: a test account picked for live payments, or the other way round. */
  livemode: { test: string; live: string };
  /** The account mismatch, side by side: the account picked in Stripe and the one to pick. */
  compare: { picked: string; expected: string };
  /** Payments paused by Stripe (`payments_paused`): why, what still works, what to do. */
  paused: PausedTexts;
  /** The connection works but Stripe needs information by `{date}` (`requirements_due`). */
  warning: string;
  /** The links of the notices. */
  link: { dashboard: string; stripeSupport: string };
  code: Record<ErrorCode, HelpEntry>;
  /** `account_ineligible` when the tenant has an expected account: a dead end. */
  ineligibleExpected: HelpEntry;
}

/**
 * Payments paused: Stripe's `disabled_reason` in words, grouped by what the
 * owner can do about it; what still works, from `charges` and `payouts`; and
 * the deadline when one is known.
 */
export interface PausedTexts {
  title: { both: string; charges: string; payouts: string };
  /** Why: information overdue, under review, rejected by Stripe, paused by the platform, any other reason. */
  reason: { due: string; review: string; rejected: string; platform: string; other: string };
  /** `{date}` in the future, or past. */
  deadline: { future: string; past: string };
  /** What still works: nothing, payouts only (charges off), payments only (payouts off). */
  works: { both: string; charges: string; payouts: string };
  /** What to do: give Stripe what it asks, wait for the review, contact Stripe, contact the platform's support. */
  act: { due: string; review: string; rejected: string; platform: string };
}
