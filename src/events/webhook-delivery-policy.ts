import type { AttemptOutcome, DeliveryPolicy, NextDelivery, OutboxState, PendingDelivery, WaitingEvent } from '../domain/webhook-outbox.ts';
import { retryDelayMs, type RetryPolicy } from './retry-delay.ts';

/** At most this many events travel in one request. */
export const MAX_EVENTS_PER_DELIVERY = 500;

export interface WebhookDeliveryRules {
  readonly retry: RetryPolicy;
  /** A delivery is given up once its retry window is this old (WEBHOOK_GIVE_UP_AFTER_MS). */
  readonly giveUpAfterMs: number;
  /** How long a failing delivery holds its queue's newer events back: the server uses `holdBackFor(retry)`. */
  readonly holdBackMs: number;
  /** The jitter's source (see `retryDelayMs`). */
  readonly random?: () => number;
}

/** What a receiver's answer to one attempt was: a final status, or an error when none came. */
export interface AttemptResponse {
  readonly statusCode: number | null;
  readonly error: string | null;
}

export interface WebhookDeliveryPolicy extends DeliveryPolicy {
  /** What becomes of a delivery whose attempt got `response`, answered at `finishedMs`. */
  outcome(delivery: Pick<PendingDelivery, 'attemptCount' | 'windowStartMs'>, response: AttemptResponse, finishedMs: number): AttemptOutcome;
}

/**
 * How long a failing delivery holds back its queue's newer events, derived from the backoff: for as long as its
 * retry window is younger than the longest wait between two attempts (`retry.maxMs`, WEBHOOK_RETRY_MAX_MS). By then
 * its retries have backed off to the ceiling: the receiver has refused this delivery for longer than it waits between
 * any two tries, and newer events go out past it rather than wait out the rest of its window.
 */
export function holdBackFor(retry: RetryPolicy): number {
  return retry.maxMs;
}

/**
 * The webhooks' delivery rules, as pure functions of what the outbox holds for one queue (an application's webhooks of
 * one kind) and what a receiver answered:
 *
 * - Order: a queue has at most one request in flight (a pending delivery whose lease runs), and its deliveries go out
 *   in creation order. A pending delivery that is not due holds back newer ones, and new events, while its retry
 *   window is younger than `holdBackMs`; after that newer events go out past it while it keeps its own schedule.
 * - Batching (MessageAdded): a new delivery carries the oldest waiting event and those of the same integration after it
 *   (the body names one `EnterpriseId` and one `IntegrationId`), at most `MAX_EVENTS_PER_DELIVERY`. An integration
 *   webhook is one event, recorded as its own delivery.
 * - Reorder (a sandbox's webhook behaviour, `OutboxState.pick`): any due delivery may go next, whatever its age.
 * - A removed URL: what waited for it is dropped and its pending deliveries given up.
 * - Outcome: a 2xx succeeds; anything else is retried after `retryDelayMs`, the last retry at the give-up instant at
 *   the latest, and given up once the window is `giveUpAfterMs` old.
 *
 * @example
 *   const retry = { initialMs: 5000, maxMs: 600_000 };
 *   const policy = webhookDeliveryPolicy({ retry, giveUpAfterMs: 86_400_000, holdBackMs: holdBackFor(retry) });
 *   policy.next({ nowMs, webhookUrl: 'https://example.com/hook', pending: [] }); // { action: 'open' }
 */
export function webhookDeliveryPolicy(rules: WebhookDeliveryRules): WebhookDeliveryPolicy {
  const { retry, giveUpAfterMs, holdBackMs, random = Math.random } = rules;

  function next({ nowMs, webhookUrl, pending, pick }: OutboxState): NextDelivery {
    if (webhookUrl === null) return { action: 'abandon' };
    if (pending.some((delivery) => delivery.leaseUntilMs !== null && delivery.leaseUntilMs > nowMs)) return { action: 'none' };
    if (pick) {
      const due = pending.filter((delivery) => delivery.nextAttemptMs <= nowMs);
      if (due.length > 0) return { action: 'retry', deliveryId: due[pick(due.length)]!.id };
    }
    for (const delivery of pending) {
      if (delivery.nextAttemptMs <= nowMs) return { action: 'retry', deliveryId: delivery.id };
      if (delivery.windowStartMs > nowMs - holdBackMs) return { action: 'none' };
    }
    return { action: 'open' };
  }

  function batch(waiting: readonly WaitingEvent[]): readonly WaitingEvent[] {
    const integrationId = waiting[0]?.integrationId;
    return waiting.filter((event) => event.integrationId === integrationId).slice(0, MAX_EVENTS_PER_DELIVERY);
  }

  function outcome(
    delivery: Pick<PendingDelivery, 'attemptCount' | 'windowStartMs'>,
    response: AttemptResponse,
    finishedMs: number,
  ): AttemptOutcome {
    if (isSuccess(response)) return { status: 'Succeeded' };
    const giveUpAtMs = delivery.windowStartMs + giveUpAfterMs;
    if (finishedMs >= giveUpAtMs) return { status: 'Failed' };
    const delayMs = retryDelayMs(delivery.attemptCount + 1, retry, random);
    return { status: 'Pending', nextAttemptMs: Math.min(finishedMs + delayMs, giveUpAtMs) };
  }

  return { maxEvents: MAX_EVENTS_PER_DELIVERY, next, batch, outcome };
}

/** A receiver took the request when its final answer, after redirects, is a 2xx. */
function isSuccess({ statusCode, error }: AttemptResponse): boolean {
  return error === null && statusCode !== null && statusCode >= 200 && statusCode < 300;
}
