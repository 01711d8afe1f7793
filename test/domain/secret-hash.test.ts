import { describe, expect, it } from 'vitest';
import { hashAccessToken } from '../../src/domain/access-token-hash.ts';
import { secretHash } from '../../src/domain/secret-hash.ts';

describe('secretHash', () => {
  it('is the SHA-256 of the secret in hex, for access tokens as for session tokens', () => {
    expect(secretHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashAccessToken('abc')).toBe(secretHash('abc'));
    expect(secretHash('abd')).not.toBe(secretHash('abc'));
  });
});
