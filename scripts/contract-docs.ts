/**
 * Writes the tables of docs/design.md that `contract/` already says (states,
 * problems, error codes, host events), between `<!-- generated:NAME -->` and
 * `<!-- /generated -->`, so the page cannot drift from the code.
 *
 *   tsx scripts/contract-docs.ts          rewrite docs/design.md
 *   tsx scripts/contract-docs.ts --check  exit 1 if it is out of date
 *
 * The names come from the contract; the one-line meanings are kept here, and
 * a name without one stops the script, so a new code cannot go undocumented.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CALLBACK_CODES, ERROR_CODES, HOST_EVENT_TYPES, PROBLEM_CODES, STATES, type ErrorCode } from '../contract/codes.js';
import { defaultMessage } from '../server/errors.js';

const STATE_MEANINGS: Record<(typeof STATES)[number], [meaning: string, indicator: string]> = {
  not_connected: ['the tenant has never connected Stripe', 'grey'],
  connected: ['a working connection: the last answer from Stripe was good', 'green'],
  needs_attention: ['a connection is on record but does not work: deauthorized or revoked in Stripe, or payments paused by Stripe', 'red'],
  legacy: ['connected the old way, with pasted API keys: must move to OAuth with the account of its publishable key', 'red'],
  disconnected: ['the tenant disconnected on purpose', 'grey'],
};

const PROBLEM_MEANINGS: Record<(typeof PROBLEM_CODES)[number], string> = {
  deauthorized: 'the app was removed from the account in Stripe (`account.application.deauthorized`)',
  access_revoked: 'a call to Stripe for the account was refused (403): access is gone',
  payments_paused: 'Stripe has turned off charges or payouts on the account; `details` says which and why',
  legacy_setup: 'the connection uses pasted API keys',
};

const HOST_EVENT_MEANINGS: Record<(typeof HOST_EVENT_TYPES)[number], string> = {
  'connection.connected': 'a tenant connected an account (first time, or after disconnecting)',
  'connection.broken': 'a connection stopped working; `reason` is `deauthorized`, `access_revoked` or `payments_paused`',
  'connection.repaired': 'a broken or legacy connection works again',
  'connection.disconnected': 'the tenant disconnected on purpose',
  'connection.warning': 'Stripe needs information by a deadline; payments still work',
};

const WIDGET_ONLY: readonly ErrorCode[] = ['flow_cancelled', 'popup_blocked'];

function origin(code: ErrorCode): string {
  if (WIDGET_ONLY.includes(code)) return 'the element (never the server)';
  if ((CALLBACK_CODES as readonly string[]).includes(code)) return 'the flow';
  return 'the API';
}

function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function meaning<K extends string>(map: Record<K, unknown>, key: K, what: string): void {
  if (!Object.hasOwn(map, key)) throw new Error(`scripts/contract-docs.ts: no meaning written for the ${what} "${key}"`);
}

/** The generated sections, by name. */
export function sections(): Record<string, string> {
  STATES.forEach((s) => meaning(STATE_MEANINGS, s, 'state'));
  PROBLEM_CODES.forEach((p) => meaning(PROBLEM_MEANINGS, p, 'problem code'));
  HOST_EVENT_TYPES.forEach((t) => meaning(HOST_EVENT_MEANINGS, t, 'host event'));
  return {
    states: table(
      ['state', 'meaning', 'indicator'],
      STATES.map((s) => [`\`${s}\``, STATE_MEANINGS[s][0], STATE_MEANINGS[s][1]]),
    ),
    problems: table(
      ['problem', 'meaning'],
      PROBLEM_CODES.map((p) => [`\`${p}\``, PROBLEM_MEANINGS[p]]),
    ),
    'error-codes': table(
      ['code', 'HTTP', 'retryable', 'from', 'default message'],
      (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [
        `\`${code}\``,
        WIDGET_ONLY.includes(code) ? '–' : String(ERROR_CODES[code].status),
        ERROR_CODES[code].retryable ? 'yes' : 'no',
        origin(code),
        defaultMessage(code),
      ]),
    ),
    'host-events': table(
      ['type', 'sent when'],
      HOST_EVENT_TYPES.map((t) => [`\`${t}\``, HOST_EVENT_MEANINGS[t]]),
    ),
  };
}

/** The page with every generated section written anew. */
export function render(page: string): string {
  const generated = sections();
  const seen = new Set<string>();
  const out = page.replace(/<!-- generated:([a-z-]+) -->\n[\s\S]*?<!-- \/generated -->/g, (_all, name: string) => {
    const body = generated[name];
    if (body === undefined) throw new Error(`docs/design.md asks for an unknown section "${name}"`);
    seen.add(name);
    return `<!-- generated:${name} -->\n${body}\n<!-- /generated -->`;
  });
  const missing = Object.keys(generated).filter((name) => !seen.has(name));
  if (missing.length) throw new Error(`docs/design.md has no place for: ${missing.join(', ')}`);
  return out;
}

export const DESIGN_PAGE = fileURLToPath(new URL('../docs/design.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const page = readFileSync(DESIGN_PAGE, 'utf8');
  const next = render(page);
  if (process.argv.includes('--check')) {
    if (next !== page) {
      process.stderr.write('docs/design.md is out of date: run `npm run build:docs`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(DESIGN_PAGE, next);
  }
}
