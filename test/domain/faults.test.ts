import { describe, expect, it } from 'vitest';
import { meetFault, validFault, type ArmedFaults, type Fault, type FaultStore } from '../../src/domain/faults.ts';
import { seededDraw } from '../../src/domain/seeded-draw.ts';

const SANDBOX = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';
const fault = (change: Partial<Fault> = {}): Fault => ({ ...validFault({ sandboxId: SANDBOX, operation: '*', status: 500 }, 0), ...change });

/** A store whose counts live in memory, as the database keeps them. */
function memoryStore(faults: readonly Fault[]): Pick<FaultStore, 'fireFault' | 'drawFault'> & { fired: Map<string, number> } {
  const fired = new Map<string, number>();
  const drawn = new Map<string, number>();
  return {
    fired,
    async fireFault(id) {
      const count = faults.find((f) => f.id === id)!.count;
      const n = fired.get(id) ?? 0;
      if (count !== null && n >= count) return false;
      fired.set(id, n + 1);
      return true;
    },
    async drawFault(id) {
      drawn.set(id, (drawn.get(id) ?? 0) + 1);
      return drawn.get(id);
    },
  };
}

describe('seededDraw', () => {
  it('is uniform in [0, 1), the same for the same seed and draw, and differs between seeds', () => {
    const draws = Array.from({ length: 1000 }, (_, i) => seededDraw('seed', i + 1));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(draws.filter((d) => d < 0.5).length).toBeGreaterThan(400);
    expect(draws.filter((d) => d < 0.5).length).toBeLessThan(600);
    expect(Array.from({ length: 1000 }, (_, i) => seededDraw('seed', i + 1))).toEqual(draws);
    expect(Array.from({ length: 1000 }, (_, i) => seededDraw('other', i + 1))).not.toEqual(draws);
  });
});

describe('meetFault', () => {
  const request = { operation: 'messages/add', accessToken: 'token-a' };

  it('fires the oldest fault matching the operation and the AccessToken, until its Count is used up', async () => {
    const faults = [
      fault({ id: 'other-operation', operation: 'messages/getAll' }),
      fault({ id: 'other-token', accessToken: 'token-b' }),
      fault({ id: 'once', operation: 'messages/add', accessToken: 'token-a', count: 1 }),
      fault({ id: 'always' }),
    ];
    const store = memoryStore(faults);
    const armed: ArmedFaults = { seed: null, faults };
    expect((await meetFault(store, armed, request))?.id).toBe('once');
    expect((await meetFault(store, armed, request))?.id).toBe('always');
  });

  it('draws from the seed: the same seed gives the same sequence; without one, from the random source', async () => {
    const sequence = async (seed: string | null, random?: () => number) => {
      const faults = [fault({ id: 'half', probability: 0.5 })];
      const store = memoryStore(faults);
      const met = [];
      for (let i = 0; i < 30; i++) met.push((await meetFault(store, { seed, faults }, request, random)) !== undefined);
      return met;
    };
    const first = await sequence('s');
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await sequence('s')).toEqual(first);
    expect(first).toEqual(Array.from({ length: 30 }, (_, i) => seededDraw('s', i + 1) < 0.5));
    expect(await sequence(null, () => 0.49)).toEqual(Array(30).fill(true));
    expect(await sequence(null, () => 0.5)).toEqual(Array(30).fill(false));
  });
});

describe('validFault', () => {
  it('fills the defaults', () => {
    expect(validFault({ sandboxId: SANDBOX, operation: 'messages/add', status: 429 }, 7)).toMatchObject({
      accessToken: null,
      status: 429,
      retryAfterS: 1,
      delayMs: 0,
      drop: false,
      count: null,
      probability: 1,
      afterCommit: false,
      firedCount: 0,
      createdUtc: 7,
    });
  });
});
