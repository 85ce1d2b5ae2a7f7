/**
 * The QA drawer's silent breaks: the workspace's account changes in Stripe
 * with no webhook, and the drawer watches for the backend's re-check to find
 * it. The card is not told by Stripe, so when the connection on record
 * changes the drawer refreshes the card, as a host that heard its own
 * `connection.broken` webhook might. The note under the buttons says how
 * often the backend re-checks and when this workspace is due.
 */
import type { Status } from '../contract/schemas.js';
import { durationWords, nextCheckAt, rechecked } from './support/recheck.js';

export interface SilentDrawer {
  /** Posts to the demo API and answers its JSON (throws its `error`). */
  post<T>(path: string, body: unknown): Promise<T>;
  setBusy(busy: boolean, message?: string): void;
  /** Shows the demo's new state, with a message in the drawer's status. */
  showView(view: { generation: number }, message: string): void;
  /** The drawer's live status line. */
  say(message: string): void;
  /** Reads the card's status again (the element's `refresh()`). */
  refreshCard(): void;
  /** The generation the page shows: a new starting point ends a watch. */
  generation(): number | null;
}

const WATCH_MS = 2_000;
const NOTE_MS = 5_000;
const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB');
const summary = (s: Status) => `${s.state}${s.problem ? ` (${s.problem.code})` : ''}${s.warning ? ` (${s.warning.code})` : ''}`;

async function readJson<T>(path: string): Promise<T | null> {
  const response = await fetch(path, { cache: 'no-store' }).catch(() => null);
  return response?.ok ? ((await response.json()) as T) : null;
}
const currentStatus = async () => (await readJson<{ status: Status } | null>('/demo/api/tenant'))?.status ?? null;
const recheckInterval = async () => (await readJson<{ recheck?: { intervalSeconds: number } }>('/demo/api/support/fleet'))?.recheck?.intervalSeconds ?? null;

export function setupSilentBreaks(drawer: SilentDrawer): void {
  const note = document.querySelector<HTMLParagraphElement>('#recheck-note')!;
  let interval: number | null = null;
  let watch: ReturnType<typeof setInterval> | null = null;

  async function updateNote(): Promise<void> {
    interval = (await recheckInterval()) ?? interval;
    const status = await currentStatus();
    const every = interval === null ? 'Re-checks: not reported by this backend (GET /fleet).' : `The backend re-checks every ${durationWords(interval)} (RECHECK_INTERVAL).`;
    let workspace = '';
    if (status && rechecked(status)) {
      const next = nextCheckAt(status.checkedAt, interval);
      workspace = ` This workspace: last checked ${status.checkedAt ? time(status.checkedAt) : 'never'}${next ? `, next by ${time(next)}` : ''}.`;
    } else if (status) {
      workspace = ' This workspace is not re-checked in its state (only connected or paused connections are).';
    }
    note.textContent = every + workspace;
  }

  /** Polls the connection on record until it differs from `before`: the re-check found the change. */
  function watchFor(generation: number, before: string, kind: string): void {
    if (watch) clearInterval(watch);
    watch = setInterval(async () => {
      if (drawer.generation() !== generation) {
        clearInterval(watch!);
        watch = null;
        return;
      }
      const status = await currentStatus();
      if (!status || summary(status) === before) return;
      clearInterval(watch!);
      watch = null;
      drawer.refreshCard();
      drawer.say(`A re-check found it at ${time(status.checkedAt ?? new Date().toISOString())}: ${summary(status)} (was ${before}). Stripe sent no webhook for "${kind}".`);
      void updateNote();
    }, WATCH_MS);
  }

  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-silent]')) {
    button.addEventListener('click', async () => {
      const kind = button.dataset.silent!;
      const before = await currentStatus();
      drawer.setBusy(true, 'Changing the account in Stripe, with no webhook…');
      try {
        const view = await drawer.post<{ generation: number }>('/demo/api/silent', { kind });
        await updateNote();
        const next = nextCheckAt(before?.checkedAt ?? null, interval);
        const was = before ? summary(before) : 'unknown';
        drawer.showView(view, `Done in Stripe, no webhook sent: the connection on record still says ${was}. Watching for the re-check${next ? ` (due by ${time(next)})` : ''}…`);
        watchFor(view.generation, was, button.textContent!.split(' (')[0]!);
      } catch (error) {
        drawer.say(`Could not do it: ${(error as Error).message}`);
      } finally {
        drawer.setBusy(false);
      }
    });
  }

  void updateNote();
  // A new starting point is a new workspace: say its times at once, not at the next tick.
  new MutationObserver(() => void updateNote()).observe(document.body, { attributeFilter: ['data-generation'] });
  setInterval(() => {
    if (document.visibilityState === 'visible') void updateNote();
  }, NOTE_MS);
}
