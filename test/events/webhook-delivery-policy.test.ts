import { describe, expect, it } from 'vitest';
import type { OutboxState, PendingDelivery, WaitingEvent } from '../../src/domain/webhook-outbox.ts';
import { holdBackFor, MAX_EVENTS_PER_DELIVERY, webhookDeliveryPolicy } from '../../src/events/webhook-delivery-policy.ts';
import { messageAddedEvents, webhookBody } from '../../src/events/webhook-envelope.ts';

// One valid fixture per rule; each test changes one thing of it.
const NOW = 1_000_000;
const retry = { initialMs: 1000, maxMs: 10_000 };
const policy = webhookDeliveryPolicy({ retry, giveUpAfterMs: 60_000, holdBackMs: holdBackFor(retry), random: () => 0.5 });

const state: OutboxState = { nowMs: NOW, webhookUrl: 'https://receiver.example/hook', pending: [] };
/** Failed once a second ago, retried half a second from now: within the hold-back, not due, not leased. */
const failing: PendingDelivery = {
  id: 'failing',
  integrationId: 'integration-a',
  enterpriseId: 'enterprise-a',
  attemptCount: 1,
  windowStartMs: NOW - 1000,
  nextAttemptMs: NOW + 500,
  leaseUntilMs: null,
};
const withPending = (...pending: PendingDelivery[]): OutboxState => ({ ...state, pending });

describe('what to deliver next', () => {
  it('opens a new delivery when nothing is pending', () => {
    expect(policy.next(state)).toEqual({ action: 'open' });
  });

  it('abandons what waits once the URL is removed, pending deliveries included', () => {
    expect(policy.next({ ...withPending({ ...failing, nextAttemptMs: NOW }), webhookUrl: null })).toEqual({ action: 'abandon' });
  });

  it('holds newer events back behind a pending delivery that is not due, within the hold-back', () => {
    expect(policy.next(withPending(failing))).toEqual({ action: 'none' });
  });

  it('retries a pending delivery once it is due', () => {
    expect(policy.next(withPending({ ...failing, nextAttemptMs: NOW }))).toEqual({ action: 'retry', deliveryId: 'failing' });
  });

  it('sends nothing while one delivery is leased, due or not: one request in flight per integration', () => {
    const leased = { ...failing, id: 'leased', nextAttemptMs: NOW - 1, leaseUntilMs: NOW + 1 };
    expect(policy.next(withPending(leased, { ...failing, id: 'due', nextAttemptMs: NOW }))).toEqual({ action: 'none' });
  });

  it('takes a delivery whose lease ran out as free', () => {
    expect(policy.next(withPending({ ...failing, nextAttemptMs: NOW, leaseUntilMs: NOW }))).toEqual({ action: 'retry', deliveryId: 'failing' });
  });

  it('lets newer events past a delivery whose retry window is older than the hold-back', () => {
    expect(policy.next(withPending({ ...failing, windowStartMs: NOW - holdBackFor(retry) }))).toEqual({ action: 'open' });
  });

  it('retries the next due delivery behind one that no longer holds it back, in creation order', () => {
    const old = { ...failing, id: 'old', windowStartMs: NOW - holdBackFor(retry) };
    expect(policy.next(withPending(old, { ...failing, id: 'due', nextAttemptMs: NOW }))).toEqual({ action: 'retry', deliveryId: 'due' });
  });

  it('holds a due delivery back behind an older one that is not due, within the hold-back', () => {
    expect(policy.next(withPending(failing, { ...failing, id: 'due', nextAttemptMs: NOW }))).toEqual({ action: 'none' });
  });

  it('holds back for as long as it is told', () => {
    const patient = webhookDeliveryPolicy({ retry, giveUpAfterMs: 60_000, holdBackMs: 30_000 });
    expect(patient.next(withPending({ ...failing, windowStartMs: NOW - holdBackFor(retry) }))).toEqual({ action: 'none' });
  });
});

describe('what a new delivery carries', () => {
  const event = (seq: number, enterprise = 'a'): WaitingEvent => ({
    seq,
    integrationId: `integration-${enterprise}`,
    enterpriseId: `enterprise-${enterprise}`,
    messageId: `m${seq}`,
    createdMs: NOW,
  });
  const waiting = [event(1), event(2), event(3)];

  it('carries the waiting events in creation order', () => {
    expect(policy.batch(waiting)).toEqual(waiting);
  });

  it('carries only the oldest event\'s integration (and so enterprise): the body names one', () => {
    expect(policy.batch([event(1), event(2, 'b'), event(3)])).toEqual([event(1), event(3)]);
  });

  it(`carries at most ${MAX_EVENTS_PER_DELIVERY} events`, () => {
    const many = Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, (_, i) => event(i + 1));
    expect(policy.batch(many)).toEqual(many.slice(0, MAX_EVENTS_PER_DELIVERY));
    expect(policy.maxEvents).toBe(MAX_EVENTS_PER_DELIVERY);
  });

  it('carries nothing when nothing waits', () => {
    expect(policy.batch([])).toEqual([]);
  });
});

describe('the outcome of an attempt', () => {
  const sent = { attemptCount: 1, windowStartMs: NOW - 1000 };
  const answered = { statusCode: 200, error: null };
  // The second failure waits up to initialMs · 2: half of it with this fixture's jitter.
  const retryAt = NOW + 1000;

  it('succeeds on a 2xx', () => {
    expect(policy.outcome(sent, answered, NOW)).toEqual({ status: 'Succeeded' });
  });

  it('succeeds on any 2xx, not only 200', () => {
    expect(policy.outcome(sent, { ...answered, statusCode: 299 }, NOW)).toEqual({ status: 'Succeeded' });
  });

  it('retries after the backoff on another status', () => {
    expect(policy.outcome(sent, { ...answered, statusCode: 500 }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: retryAt });
  });

  it('retries a redirect that was not followed', () => {
    expect(policy.outcome(sent, { ...answered, statusCode: 302 }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: retryAt });
  });

  it('retries when no answer came', () => {
    expect(policy.outcome(sent, { statusCode: null, error: 'no answer within 1000 ms' }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: retryAt });
  });

  it('retries an error that came with a 2xx status (the answer was not taken)', () => {
    expect(policy.outcome(sent, { ...answered, error: 'more than 5 redirects' }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: retryAt });
  });

  it('backs off further with each failed attempt', () => {
    expect(policy.outcome({ ...sent, attemptCount: 2 }, { ...answered, statusCode: 500 }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: NOW + 2000 });
  });

  it('gives up once the retry window is as old as the give-up limit', () => {
    expect(policy.outcome({ ...sent, windowStartMs: NOW - 60_000 }, { ...answered, statusCode: 500 }, NOW)).toEqual({ status: 'Failed' });
  });

  it('retries at the give-up instant at the latest, so that a delivery is tried until then', () => {
    expect(policy.outcome({ ...sent, windowStartMs: NOW - 59_500 }, { ...answered, statusCode: 500 }, NOW)).toEqual({ status: 'Pending', nextAttemptMs: NOW + 500 });
  });
});

describe('the webhook body', () => {
  it('names the enterprise and integration, then the MessageAdded events in order, in these exact bytes', () => {
    expect(webhookBody({ enterpriseId: 'e', integrationId: 'i', messageIds: ['m1', 'm2'] })).toBe(
      '{"EnterpriseId":"e","IntegrationId":"i","Events":[{"Discriminator":"MessageAdded","Value":{"Id":"m1"}},{"Discriminator":"MessageAdded","Value":{"Id":"m2"}}]}',
    );
    expect(messageAddedEvents(['m1'])).toEqual([{ Discriminator: 'MessageAdded', Value: { Id: 'm1' } }]);
  });
});
