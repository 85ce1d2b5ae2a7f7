/**
 * The support page (the host's side): the fleet's counts, the filterable
 * list and one workspace's history. Its address carries the filters and the
 * open workspace (`?state=needs_attention&tenant=…`), so an agent can pass a
 * view on to a colleague. Everything comes from the demo host's backend
 * (`api.ts`); the page holds no credential.
 */
import { html, render } from 'lit';
import { PROBLEM_CODES, STATES, WARNING_CODES } from '../../contract/codes.js';
import type { TenantDetails } from '../../contract/schemas.js';
import { fetchFleet, fetchTenant, fetchTenants, FILTER_NAMES, NO_FILTERS, SupportApiError, type Filters, type Fleet, type TenantPage } from './api.js';
import { renderFleet } from './fleet-view.js';
import { renderList } from './list-view.js';
import { renderTenant } from './tenant-view.js';
import { PROBLEM_WORDS, STATE_WORDS, WARNING_WORDS } from './words.js';

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#filters');
const tenantSection = $<HTMLElement>('#tenant');
const LIVE_MS = 5_000;

/** The cursor the current page was reached with, and the ones before it (for "Previous page"). */
let cursor: string | null = null;
let previous: Array<string | null> = [];
let filters: Filters = { ...NO_FILTERS };
let tenant: string | null = null;
let fleet: Fleet | null = null;

for (const [name, values, words] of [
  ['state', STATES, STATE_WORDS],
  ['problem', PROBLEM_CODES, PROBLEM_WORDS],
  ['warning', WARNING_CODES, WARNING_WORDS],
] as const) {
  const select = form.elements.namedItem(name) as HTMLSelectElement;
  for (const value of values) select.add(new Option((words as Record<string, string>)[value], value));
}

function readAddress(): void {
  const query = new URLSearchParams(location.search);
  filters = { ...NO_FILTERS };
  for (const name of FILTER_NAMES) (filters as unknown as Record<string, string>)[name] = query.get(name) ?? '';
  tenant = query.get('tenant');
  for (const name of FILTER_NAMES) (form.elements.namedItem(name) as HTMLInputElement).value = filters[name];
}

/** The list's query (filters and cursor), as the backend is asked it. */
function listQuery(): string {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name]) query.set(name, filters[name]);
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

function writeAddress(): void {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name]) query.set(name, filters[name]);
  if (tenant) query.set('tenant', tenant);
  history.replaceState(null, '', `${location.pathname}${query.size ? `?${query}` : ''}`);
}

function showProblem(error: unknown): void {
  if (!error) {
    render(html``, $('#problem'));
    return;
  }
  const message =
    error instanceof SupportApiError
      ? html`<strong>${error.code === 'validation_failed' ? 'The backend refused these filters' : 'The backend could not answer'}:</strong> ${error.message}
          ${error.requestId ? html`(request id <code>${error.requestId}</code>)` : ''}`
      : html`<strong>Could not load:</strong> ${(error as Error).message}`;
  render(html`<p class="problem">${message}</p>`, $('#problem'));
}

const announce = (text: string) => ($('#announce').textContent = text);

/** Loads the three views in parallel; `say`: announce the list's size (after a person's action, not the timer's). */
async function load(say = false): Promise<void> {
  const asked = listQuery();
  const [fleetAnswer, pageAnswer, detailsAnswer] = await Promise.allSettled([
    fetchFleet(),
    fetchTenants(asked),
    tenant ? fetchTenant(tenant) : Promise.resolve(null),
  ]);
  showProblem([fleetAnswer, pageAnswer, detailsAnswer].find((a) => a.status === 'rejected')?.reason);
  if (fleetAnswer.status === 'fulfilled') {
    fleet = fleetAnswer.value;
    render(renderFleet(fleet, filterBy), $('#fleet'));
  }
  // A slower answer to an older query must not replace the list of the current one.
  if (pageAnswer.status === 'fulfilled' && asked === listQuery()) {
    showList(pageAnswer.value, say);
    // Which query the list shows: a test (or a curious agent) can tell a fresh list from the previous one.
    $('#list').dataset.query = asked;
  }
  if (detailsAnswer.status === 'fulfilled') showTenant(detailsAnswer.value);
  $('#updated').textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}`;
  document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
}

function showList(page: TenantPage, say: boolean): void {
  render(
    renderList(page, tenant, previous.length > 0, {
      open: (id) => void openTenant(id),
      next: () => {
        previous.push(cursor);
        cursor = page.nextCursor;
        void load(true);
      },
      previous: () => {
        cursor = previous.pop() ?? null;
        void load(true);
      },
    }),
    $('#list'),
  );
  if (say) announce(page.tenants.length ? `${page.tenants.length} workspaces on this page.` : 'No workspace matches these filters.');
}

function showTenant(details: TenantDetails | null): void {
  tenantSection.hidden = !tenant;
  if (!tenant) render(html``, tenantSection);
  else if (!details) render(html`<h2 id="tenant-title" tabindex="-1">Workspace <code>${tenant}</code></h2><p>The backend has no record of this workspace.</p>`, tenantSection);
  else render(renderTenant(details, fleet?.recheck.intervalSeconds ?? null, closeTenant), tenantSection);
}

async function openTenant(id: string): Promise<void> {
  tenant = id;
  writeAddress();
  await load();
  $<HTMLElement>('#tenant-title').focus();
  announce(`Showing workspace ${id}.`);
}

function closeTenant(): void {
  const id = tenant;
  tenant = null;
  writeAddress();
  showTenant(null);
  document.querySelector<HTMLElement>(`[data-focus="open:${CSS.escape(id ?? '')}"]`)?.focus();
}

/** A new set of filters starts again from the first page. */
function filterBy(change: Partial<Filters>): void {
  filters = { ...filters, ...change };
  cursor = null;
  previous = [];
  for (const name of FILTER_NAMES) (form.elements.namedItem(name) as HTMLInputElement).value = filters[name];
  writeAddress();
  void load(true);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  filterBy(Object.fromEntries(FILTER_NAMES.map((name) => [name, String(data.get(name) ?? '').trim()])) as unknown as Filters);
});
$('#clear').addEventListener('click', () => filterBy({ ...NO_FILTERS }));
$('#refresh').addEventListener('click', () => void load(true));

// Kept up to date while the page is shown, so QA can watch a re-check change a workspace.
const live = $<HTMLInputElement>('#live');
setInterval(() => {
  if (live.checked && document.visibilityState === 'visible') void load();
}, LIVE_MS);

readAddress();
void load();
