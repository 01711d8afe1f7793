import { secretHash } from './secret-hash.ts';

/**
 * The `secretHash` of an AccessToken: what storage finds the token by and what the request limit counts by. Computed
 * once per request, when the Connector API's request limit reads the token, and handed on to the token check.
 */
export type AccessTokenHash = string & { readonly kind: 'AccessTokenHash' };

/** @example hashAccessToken('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' */
export function hashAccessToken(accessToken: string): AccessTokenHash {
  return secretHash(accessToken) as AccessTokenHash;
}
