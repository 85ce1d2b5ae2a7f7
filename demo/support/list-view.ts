/**
 * One page of `GET /tenants` as a table (the most recent change of state
 * first), and the pager: "Next page" follows `nextCursor`, "Previous page"
 * goes back to the cursor this page was reached with.
 */
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Status } from '../../contract/schemas.js';
import type { TenantPage } from './api.js';
import { attemptWords, personWords, PROBLEM_WORDS, STATE_WORDS, tone, when, WARNING_WORDS } from './words.js';

export interface ListActions {
  /** Opens one tenant's details. */
  open(tenantId: string): void;
  next(): void;
  previous(): void;
}

export const timeTag = (iso: string | null | undefined) => (iso ? html`<time datetime=${iso} title=${iso}>${when(iso)}</time>` : '-');

/** The state as the card's indicator shows it: a colour, and always the words. */
export const stateBadge = (status: Status) => html`<span class="badge ${tone(status.state)}" data-state=${status.state}>${STATE_WORDS[status.state]}</span>`;

function why(status: Status) {
  if (status.problem) return html`<span data-problem=${status.problem.code}>${PROBLEM_WORDS[status.problem.code]}</span><br /><small>since ${timeTag(status.problem.since)}</small>`;
  if (status.warning) return html`<span data-warning=${status.warning.code}>${WARNING_WORDS[status.warning.code]}</span><br /><small>by ${timeTag(status.warning.deadline)}</small>`;
  return '-';
}

function account(status: Status) {
  const shown = status.account ?? (status.expected?.id ? { id: status.expected.id, name: status.expected.name } : null);
  if (!shown) return '-';
  return html`${shown.name ?? 'no name'}<br /><code>${shown.id}</code>`;
}

function lastAttempt(status: Status) {
  const last = status.lastAttempt;
  if (!last) return '-';
  return html`<span class=${last.outcome === 'success' ? 'good' : 'failed'}>${attemptWords(last)}</span>${last.code ? html` <code>${last.code}</code>` : nothing}<br /><small
      >${personWords(last.by)}, ${timeTag(last.at)}</small
    >`;
}

export function renderList(page: TenantPage, selected: string | null, hasPrevious: boolean, actions: ListActions) {
  // Keyed by tenant: a refresh keeps each row's elements, and the focus on a row's link with them.
  const rows = repeat(
    page.tenants,
    (row) => row.tenantId,
    ({ tenantId, status }) => html`<tr data-tenant=${tenantId} aria-current=${tenantId === selected ? 'true' : 'false'}>
      <th scope="row"><a href=${`?tenant=${encodeURIComponent(tenantId)}`} data-focus=${`open:${tenantId}`} @click=${(event: MouseEvent) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        actions.open(tenantId);
      }}>${tenantId}</a></th>
      <td>${stateBadge(status)}</td>
      <td>${why(status)}</td>
      <td>${account(status)}</td>
      <td>${lastAttempt(status)}</td>
      <td>${timeTag(status.checkedAt)}</td>
    </tr>`,
  );
  return html`<table class="grid" id="tenant-table">
      <caption>
        ${page.tenants.length === 0 ? 'No workspace matches these filters.' : `${page.tenants.length} workspace${page.tenants.length === 1 ? '' : 's'} on this page, the most recent change of state first`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Workspace</th>
          <th scope="col">State</th>
          <th scope="col">Why</th>
          <th scope="col">Stripe account</th>
          <th scope="col">Last attempt</th>
          <th scope="col">Last checked with Stripe</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <nav class="pager" aria-label="Pages of workspaces">
      <button type="button" data-focus="previous" ?disabled=${!hasPrevious} @click=${actions.previous}>Previous page</button>
      <button type="button" data-focus="next" ?disabled=${!page.nextCursor} @click=${actions.next}>Next page</button>
    </nav>`;
}
