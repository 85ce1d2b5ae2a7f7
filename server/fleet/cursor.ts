import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TenantId } from '../../contract/schemas.js';
import { ReconnectError } from '../errors.js';
import { deriveKey, signToken, verifyToken } from '../security/signed-token.js';
import type { ListPosition, TenantFilter } from '../store/index.js';

const VERSION = 'src1';

const Payload = z.object({
  /** The last tenant's change time, as PostgreSQL wrote it. */
  c: z.string().regex(/^[0-9][0-9 :.+T-]{9,40}$/),
  i: TenantId,
  /** The filters the page was read with. */
  f: z.string().length(16),
});

/** The filters as a short fingerprint: a cursor goes on only the list it came from. */
function fingerprint(filter: TenantFilter): string {
  const canonical = JSON.stringify([filter.state ?? null, filter.problem ?? null, filter.warning ?? null, filter.account ?? null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/**
 * `nextCursor` of `GET /tenants`: where the page ended and with which
 * filters, signed (with a key of its own derived from `SESSION_SECRET`), so
 * a cursor that is not ours, or is another list's, is refused rather than
 * read. It says nothing a host could rely on: opaque by contract.
 */
export function encodeCursor(secret: string, position: ListPosition, filter: TenantFilter): string {
  return signToken(VERSION, { c: position.changedAt, i: position.tenantId, f: fingerprint(filter) }, deriveKey(secret, 'fleet-cursor'));
}

/** The position a cursor names; `validation_failed` for anything else. */
export function decodeCursor(secret: string, cursor: string, filter: TenantFilter): ListPosition {
  const payload = verifyToken(cursor, VERSION, deriveKey(secret, 'fleet-cursor'), Payload);
  if (!payload) throw new ReconnectError('validation_failed', { message: 'Invalid request. cursor: is not a cursor this list gave.' });
  if (payload.f !== fingerprint(filter)) {
    throw new ReconnectError('validation_failed', { message: 'Invalid request. cursor: belongs to a list with other filters; ask the first page again.' });
  }
  return { changedAt: payload.c, tenantId: payload.i };
}
