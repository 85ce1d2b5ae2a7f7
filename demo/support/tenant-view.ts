/**
 * One tenant, from `GET /tenants/:tenantId`: what the owner's card says,
 * the connection on record, every attempt (who tried what, when, with which
 * outcome, the panel the owner was shown and the request id to find it in
 * the logs) and the recent webhooks to the host's backend.
 */
import { html, nothing } from 'lit';
import type { Attempt, Delivery, Status, TenantDetails } from '../../contract/schemas.js';
import { stateBadge, timeTag } from './list-view.js';
import { nextCheckAt, rechecked } from './recheck.js';
import { attemptWords, MODE_WORDS, ownerSees, personWords } from './words.js';

function nextCheck(status: Status, intervalSeconds: number | null) {
  if (!rechecked(status)) return 'not re-checked in this state (only connected or paused connections are)';
  return timeTag(nextCheckAt(status.checkedAt, intervalSeconds));
}

function connection(status: Status, intervalSeconds: number | null) {
  const { account, expected, problem } = status;
  const paused = problem?.code === 'payments_paused' ? problem.details : null;
  return html`<dl class="facts wide">
    <dt>Stripe account</dt>
    <dd>${account ? html`${account.name ?? 'no name'} · <code>${account.id}</code> · <code>${account.publishableKey ?? '-'}</code> · ${account.livemode ? 'live' : 'test'} mode` : '-'}</dd>
    <dt>Expected account</dt>
    <dd>${expected?.id || expected?.publishableKey ? html`${expected.name ?? 'no name'} · <code>${expected.id ?? '-'}</code> · <code>${expected.publishableKey ?? '-'}</code>` : 'none (any account may be connected)'}</dd>
    <dt>Connected by</dt>
    <dd>${personWords(status.connectedBy)}${status.connectedAt ? html`, ${timeTag(status.connectedAt)}` : nothing}</dd>
    ${paused
      ? html`<dt>Stripe's facts</dt>
          <dd>charges ${paused.charges ? 'on' : 'off'} · payouts ${paused.payouts ? 'on' : 'off'} · reason <code>${paused.reason ?? '-'}</code> · deadline ${timeTag(paused.deadline)}</dd>`
      : nothing}
    <dt>Last checked with Stripe</dt>
    <dd data-detail="checked">${timeTag(status.checkedAt)}</dd>
    <dt>Next re-check by</dt>
    <dd data-detail="next-check">${nextCheck(status, intervalSeconds)}</dd>
  </dl>`;
}

function attemptRow(attempt: Attempt) {
  return html`<tr data-request-id=${attempt.requestId ?? ''}>
    <td>${timeTag(attempt.at)}</td>
    <td>${personWords(attempt.by)}</td>
    <td>${attempt.mode ? MODE_WORDS[attempt.mode] : '-'}</td>
    <td>${attempt.accountId ? html`<code>${attempt.accountId}</code>` : '-'}</td>
    <td><span class=${attempt.outcome === 'success' ? 'good' : 'failed'}>${attempt.outcome === 'success' ? 'Success' : 'Error'}</span>${attempt.code ? html` <code>${attempt.code}</code>` : nothing}</td>
    <td>${attempt.outcome === 'success' ? 'Connected' : html`“${attemptWords(attempt)}”`}</td>
    <td><code class="request-id">${attempt.requestId ?? '-'}</code></td>
  </tr>`;
}

function deliveryRow(delivery: Delivery) {
  const answer = delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? '-');
  return html`<tr data-type=${delivery.type}>
    <td><code>${delivery.type}</code></td>
    <td>${timeTag(delivery.createdAt)}</td>
    <td><span class="delivery ${delivery.state}">${delivery.state}</span></td>
    <td>${delivery.attempts}</td>
    <td>${answer}</td>
    <td>${delivery.state === 'delivered' ? timeTag(delivery.deliveredAt) : delivery.nextAttemptAt ? html`next try ${timeTag(delivery.nextAttemptAt)}` : '-'}</td>
    <td><code>${delivery.eventId}</code></td>
  </tr>`;
}

export function renderTenant(details: TenantDetails, intervalSeconds: number | null, close: () => void) {
  const { status } = details;
  const owner = ownerSees(status);
  const attempts = [...details.attempts].sort((a, b) => b.at.localeCompare(a.at));
  return html`<header class="tenant-head">
      <h2 id="tenant-title" tabindex="-1">Workspace <code>${details.tenantId}</code></h2>
      <button type="button" class="link" @click=${close}>Close</button>
    </header>
    <div class="owner" data-detail="owner">
      <h3>What the owner's card says</h3>
      <p>${stateBadge(status)} ${owner.message ?? nothing}</p>
    </div>
    <h3>The connection on record</h3>
    ${connection(status, intervalSeconds)}
    <table class="grid" id="attempt-table">
      <caption>Attempts to connect, newest first: ${attempts.length}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What they tried</th>
          <th scope="col">Account picked</th>
          <th scope="col">Outcome</th>
          <th scope="col">The owner was shown</th>
          <th scope="col">Request id</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.length ? attempts.map(attemptRow) : html`<tr><td colspan="7">No attempt yet.</td></tr>`}
      </tbody>
    </table>
    <table class="grid" id="delivery-table">
      <caption>Recent webhooks to Ledgerly's backend: ${details.deliveries.length}</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Created</th>
          <th scope="col">Delivery</th>
          <th scope="col">Tries</th>
          <th scope="col">Last answer</th>
          <th scope="col">Delivered / next try</th>
          <th scope="col">Event id</th>
        </tr>
      </thead>
      <tbody>
        ${details.deliveries.length ? details.deliveries.map(deliveryRow) : html`<tr><td colspan="7">None.</td></tr>`}
      </tbody>
    </table>`;
}
