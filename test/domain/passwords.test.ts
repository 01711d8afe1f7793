import { describe, expect, it } from 'vitest';
import { hashGeneratedPassword, hashPassword, verifyPassword } from '../../src/domain/passwords.ts';
import { SANDBOX_STAFF_PASSWORD, SANDBOX_STAFF_PASSWORD_HASH } from '../../src/store/sandbox-seed.ts';

describe('passwords', () => {
  it('verifies the password it hashed, and no other', async () => {
    const stored = await hashPassword('sandbox');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('sandbox');
    expect(await verifyPassword('sandbox', stored)).toBe(true);
    expect(await verifyPassword('Sandbox', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verifies the sandbox staff password against the hash the seed stores, and no other', async () => {
    expect(await verifyPassword(SANDBOX_STAFF_PASSWORD, SANDBOX_STAFF_PASSWORD_HASH)).toBe(true);
    expect(await verifyPassword(`${SANDBOX_STAFF_PASSWORD}x`, SANDBOX_STAFF_PASSWORD_HASH)).toBe(false);
  });

  it('verifies a generated password against its fast hash, and no other', async () => {
    const stored = hashGeneratedPassword('q3J9x-Lm0aZk7Yb2Wc4n');
    expect(stored).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(await verifyPassword('q3J9x-Lm0aZk7Yb2Wc4n', stored)).toBe(true);
    expect(await verifyPassword('q3J9x-Lm0aZk7Yb2Wc4N', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('rejects a malformed stored hash rather than throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'sha256$')).toBe(false);
    expect(await verifyPassword('x', 'sha256$abc')).toBe(false);
  });
});
