import { randomBytes } from 'node:crypto';

/**
 * A fresh secret token (ClientToken or AccessToken): 252 random bits from the CSPRNG, written like the public demo's
 * tokens, 32 and 31 upper-case hexadecimal digits joined by a dash.
 */
export function newToken(): string {
  const hex = randomBytes(32).toString('hex').toUpperCase();
  return `${hex.slice(0, 32)}-${hex.slice(32, 63)}`;
}
