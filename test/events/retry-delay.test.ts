import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/events/retry-delay.ts';

const policy = { initialMs: 5000, maxMs: 600_000 };

describe('retryDelayMs', () => {
  it('waits a random time below a ceiling that doubles from the initial delay up to the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
        const delay = retryDelayMs(failures, policy, () => random);
        const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** (failures - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }),
    );
  });

  it('reaches the ceiling at the top of the random range', () => {
    const almostOne = () => 0.999999;
    expect([1, 2, 3, 8, 30].map((n) => Math.round(retryDelayMs(n, policy, almostOne) / 1000))).toEqual([5, 10, 20, 600, 600]);
  });
});
