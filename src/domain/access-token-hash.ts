import { createHash } from 'node:crypto';

/**
 * The SHA-256 of an AccessToken, in hex: what storage finds the token by and what the request limit counts by, so
 * that the secret itself is never a key in the database, in memory or in Redis. A request's is computed once, by the
 * Connector API's guard, and handed to both.
 */
export type AccessTokenHash = string & { readonly kind: 'AccessTokenHash' };

/** @example hashAccessToken('C66EF7B2…') // '3f0a…' (64 hexadecimal digits) */
export function hashAccessToken(accessToken: string): AccessTokenHash {
  return createHash('sha256').update(accessToken).digest('hex') as AccessTokenHash;
}
