import type { Person, SessionUser } from '../../contract/schemas.js';

/** The session's user as the Status, the attempts and the host events show them; null when the host named nobody. */
export function personOf(user: SessionUser | null | undefined): Person | null {
  return user ? { id: user.id, name: user.name ?? null, email: user.email ?? null } : null;
}
