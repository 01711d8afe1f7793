import { createHash } from 'node:crypto';

/**
 * A sandbox's draw labelled `label` (a count, a name), uniform in [0, 1): the same seed and label give the same draw in
 * every process and every run, so that a test of a seeded sandbox sees the same faults fire and the same shuffles.
 */
export function seededDraw(seed: string, label: string | number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${label}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
