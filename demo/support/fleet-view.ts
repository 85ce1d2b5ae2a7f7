/**
 * The counts of `GET /fleet`: workspaces by state, by problem, with a
 * warning, and the re-checks (how often, the budget, how many are late, and
 * when the next one is due). Each count is a button that filters the list
 * by it, so "3 need attention" leads straight to those three.
 */
import { html, nothing } from 'lit';
import { PROBLEM_CODES, STATES } from '../../contract/codes.js';
import type { Filters, Fleet } from './api.js';
import { durationWords, nextCheckAt } from './recheck.js';
import { timeTag } from './list-view.js';
import { PROBLEM_WORDS, STATE_WORDS, tone, WARNING_WORDS } from './words.js';

export type FilterBy = (change: Partial<Filters>) => void;

/** `key` names the count for tests and styles: `state:connected`, `problem:deauthorized`, `warning:requirements_due`. */
function count(key: string, label: string, value: number, change: Partial<Filters>, filterBy: FilterBy, className = '') {
  return html`<li>
    <button type="button" class="count ${className}" data-count=${key} @click=${() => filterBy(change)}>
      <span class="label">${label}</span> <strong>${value}</strong>
    </button>
  </li>`;
}

export function renderFleet(fleet: Fleet, filterBy: FilterBy) {
  const { recheck } = fleet;
  // The oldest last check is the first one due again.
  const next = nextCheckAt(recheck.oldestCheckedAt, recheck.intervalSeconds);
  return html`
    <div class="card total">
      <h3>Workspaces</h3>
      <p class="big" data-fleet="tenants">${fleet.tenants}</p>
      <button type="button" class="link" @click=${() => filterBy({ state: '', problem: '', warning: '', account: '' })}>Show all</button>
    </div>
    <div class="card">
      <h3>By state</h3>
      <ul class="counts">${STATES.map((state) => count(`state:${state}`, STATE_WORDS[state], fleet.byState[state], { state, problem: '', warning: '' }, filterBy, tone(state)))}</ul>
    </div>
    <div class="card">
      <h3>Problems</h3>
      <ul class="counts">${PROBLEM_CODES.map((problem) => count(`problem:${problem}`, PROBLEM_WORDS[problem], fleet.byProblem[problem], { state: '', problem, warning: '' }, filterBy))}</ul>
      <h3>Warnings</h3>
      <ul class="counts">${count('warning:requirements_due', WARNING_WORDS.requirements_due, fleet.warnings, { state: '', problem: '', warning: 'requirements_due' }, filterBy)}</ul>
    </div>
    <div class="card" data-fleet="recheck">
      <h3>Re-checks with Stripe</h3>
      ${recheck.intervalSeconds === null
        ? html`<p>Off: this backend re-checks no connection on its own (no <code>RECHECK_INTERVAL</code>).</p>`
        : html`<dl class="facts">
              <dt>Every</dt><dd data-fleet="interval">${durationWords(recheck.intervalSeconds)}</dd>
              <dt>Budget</dt><dd>${recheck.rate} Stripe calls/s</dd>
              <dt>Overdue</dt><dd data-fleet="overdue" class=${recheck.overdue ? 'late' : ''}>${recheck.overdue}</dd>
              <dt>Oldest last check</dt><dd>${timeTag(recheck.oldestCheckedAt)}</dd>
              <dt>Next due by</dt><dd data-fleet="next">${next ? timeTag(next) : 'nothing to re-check'}</dd>
            </dl>
            ${recheck.overdue
              ? html`<p class="late">Re-checks are behind: RECHECK_RATE × RECHECK_INTERVAL does not cover every connection, or Stripe is not answering.</p>`
              : nothing}`}
    </div>`;
}
