import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a secret, in hex: what storage finds a bearer secret by (an AccessToken, a staff session's token), so
 * that the secret itself is never a key in the database, in memory or in Redis, and a lookup's timing says nothing
 * about it. A fast hash is enough: these secrets are random, 252 bits and more, not passwords (see `passwords.ts`).
 *
 * @example secretHash('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
