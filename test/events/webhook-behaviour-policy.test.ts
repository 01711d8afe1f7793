import { describe, expect, it } from 'vitest';
import type { PendingDelivery } from '../../src/domain/webhook-outbox.ts';
import { behaviourRandom } from '../../src/domain/webhook-behaviour.ts';
import { holdBackFor, webhookDeliveryPolicy } from '../../src/events/webhook-delivery-policy.ts';

const retry = { initialMs: 5000, maxMs: 600_000 };
const policy = webhookDeliveryPolicy({ retry, giveUpAfterMs: 86_400_000, holdBackMs: holdBackFor(retry) });
const nowMs = 1_000_000;

function pending(id: string, nextAttemptMs: number, leaseUntilMs: number | null = null): PendingDelivery {
  return { id, integrationId: 'i', enterpriseId: 'e', attemptCount: 0, windowStartMs: nowMs - 10, nextAttemptMs, leaseUntilMs };
}

describe('the delivery policy with a sandbox\'s Reorder', () => {
  const state = { nowMs, webhookUrl: 'https://example.com/hook', pending: [pending('a', nowMs - 2), pending('b', nowMs + 500), pending('c', nowMs - 1)] };

  it('sends the oldest due delivery without it, and holds the rest back behind one not due', () => {
    expect(policy.next(state)).toEqual({ action: 'retry', deliveryId: 'a' });
    expect(policy.next({ ...state, pending: [pending('b', nowMs + 500), pending('c', nowMs - 1)] })).toEqual({ action: 'none' });
  });

  it('lets `pick` choose among the due deliveries only, past one not due', () => {
    const counts: number[] = [];
    const next = policy.next({ ...state, pick: (count) => (counts.push(count), 1) });
    expect(counts).toEqual([2]);
    expect(next).toEqual({ action: 'retry', deliveryId: 'c' });
    expect(policy.next({ ...state, pending: [pending('b', nowMs + 500), pending('c', nowMs - 1)], pick: () => 0 })).toEqual({ action: 'retry', deliveryId: 'c' });
  });

  it('still sends nothing while one is in flight, and abandons without a URL', () => {
    const leased = [pending('a', nowMs - 2, nowMs + 1000), pending('c', nowMs - 1)];
    expect(policy.next({ ...state, pending: leased, pick: () => 0 })).toEqual({ action: 'none' });
    expect(policy.next({ ...state, webhookUrl: null, pick: () => 0 })).toEqual({ action: 'abandon' });
  });
});

describe('behaviourRandom', () => {
  it('draws the same numbers for the same Seed and label, in [0, 1)', () => {
    const one = behaviourRandom('seed-1');
    const again = behaviourRandom('seed-1');
    const draws = ['a', 'b', 'c'].map(one);
    expect(['a', 'b', 'c'].map(again)).toEqual(draws);
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
    expect(behaviourRandom('seed-2')('a')).not.toBe(draws[0]);
  });
});
