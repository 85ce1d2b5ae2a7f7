/**
 * When the backend will ask Stripe about a connection again on its own
 * (docs/design.md, "Re-checks"): shared by the support page and the QA
 * drawer, so both say the same time.
 */
import type { Status } from '../../contract/schemas.js';

/** The connections the backend re-checks: connected ones, and the ones whose payments Stripe paused. */
export function rechecked(status: Pick<Status, 'state' | 'problem'>): boolean {
  return status.state === 'connected' || status.problem?.code === 'payments_paused';
}

/** The last check plus the interval: the latest the next re-check is due (jitter only makes it earlier). */
export function nextCheckAt(checkedAt: string | null, intervalSeconds: number | null): string | null {
  if (!checkedAt || intervalSeconds === null) return null;
  return new Date(Date.parse(checkedAt) + intervalSeconds * 1000).toISOString();
}

/** "30 s", "15 min", "24 h". */
export function durationWords(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
