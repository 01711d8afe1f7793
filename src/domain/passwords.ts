import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { secretHash } from './secret-hash.ts';

/** scrypt's cost parameters (RFC 7914): about 50 ms and 16 MiB a hash on current hardware. */
const COST: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, cost, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * A slow, salted hash of a password, self-describing: `scrypt$N$r$p$salt$hash` (base64), so that the cost can be
 * raised later without invalidating stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * The hash of a password the server generated itself (a sandbox's staff login, 144 random bits): `sha256$hash` (hex),
 * the `secretHash` of bearer secrets. A slow hash only slows the guessing of a password a person chose; no guessing
 * finds a random 144-bit one, and the server keeps it in the clear anyway (`sandbox_staff.password`, to show it), so
 * scrypt's 50 ms of CPU a staff member would protect nothing. A wrong password for such an account is told at once,
 * not after scrypt's work; that tells only that its email exists, and those emails are random too.
 */
export function hashGeneratedPassword(password: string): string {
  return `sha256$${secretHash(password)}`;
}

/** Whether `password` matches a hash made by `hashPassword` or `hashGeneratedPassword`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, ...fields] = stored.split('$');
  if (scheme === 'sha256') return fields.length === 1 && sameBytes(Buffer.from(secretHash(password), 'hex'), Buffer.from(fields[0]!, 'hex'));
  const [n, r, p, salt, hash] = fields;
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64'), { ...COST, N: Number(n), r: Number(r), p: Number(p) });
  return sameBytes(actual, Buffer.from(hash, 'base64'));
}

function sameBytes(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
