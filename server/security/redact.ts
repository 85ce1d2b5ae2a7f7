/**
 * Last line of defence for logs and error messages: anything shaped like a
 * Stripe secret, token or code, or one of the configured secrets, is masked
 * before it is written. Callers should still never pass secrets in.
 */
const SECRET_SHAPES = /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+|\brt_[A-Za-z0-9_]+|\bwhsec_[A-Za-z0-9]+|\bac_[A-Za-z0-9]+|\bsrs1\.[A-Za-z0-9_.-]+|\bcmp_[A-Za-z0-9_-]+/g;

export type Redactor = (text: string) => string;

export function createRedactor(knownSecrets: readonly (string | undefined | null)[] = []): Redactor {
  const secrets = knownSecrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return function redact(text: string): string {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out.replace(SECRET_SHAPES, (match) => `${match.slice(0, match.indexOf('_') + 1)}[redacted]`);
  };
}
