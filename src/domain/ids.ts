import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh random identifier (UUID v4). */
export const newId: () => string = randomUUID;

/**
 * A fresh UUID v7 (RFC 9562, section 5.7): the millisecond time first, then random bits. Ids made in creation order sort
 * near each other, so that an index of them grows at its end instead of at random pages: for rows written in bulk.
 */
export function newTimeOrderedId(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
