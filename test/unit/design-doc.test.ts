/** docs/design.md's tables are the contract's: regenerating the page changes nothing. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DESIGN_PAGE, render, sections } from '../../scripts/contract-docs.js';
import { ERROR_CODES, HOST_EVENT_TYPES, STATES } from '../../contract/codes.js';

test('docs/design.md is what `npm run build:docs` makes from contract/ today', () => {
  const page = readFileSync(DESIGN_PAGE, 'utf8');
  assert.equal(render(page), page, 'run `npm run build:docs` and commit docs/design.md');
});

test('every state, error code and host event has a row', () => {
  const all = Object.values(sections()).join('\n');
  for (const name of [...STATES, ...Object.keys(ERROR_CODES), ...HOST_EVENT_TYPES]) assert.match(all, new RegExp(`\\| \`${name.replace('.', '\\.')}\` \\|`));
});

test('a section the page asks for that the contract does not know stops the script', () => {
  assert.throws(() => render('<!-- generated:nonsense -->\n<!-- /generated -->\n'), /unknown section "nonsense"/);
});
