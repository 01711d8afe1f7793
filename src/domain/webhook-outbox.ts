import type { WebhookAttempt, WebhookKind } from './webhook-delivery-log.ts';

/**
 * The unit the outbox orders and sends: one application's webhooks of one kind. Its deliveries go out one at a time in
 * creation order, whatever its other kind's receiver does.
 */
export interface WebhookQueue {
  readonly applicationId: string;
  readonly kind: WebhookKind;
}

/**
 * A delivery taken by one process to send now: nobody else sends it until its lease ends (the process renews it). A
 * MessageAdded request is built from its events' message ids; an integration webhook's body was stored with its event.
 */
export type ClaimedDelivery = ClaimedDeliveryCommon &
  ({ readonly kind: 'MessageAdded'; readonly messageIds: readonly string[] } | { readonly kind: 'Integration'; readonly body: string });

interface ClaimedDeliveryCommon {
  readonly id: string;
  readonly applicationId: string;
  /** The integration of the delivery's application and enterprise: its body's `IntegrationId`. */
  readonly integrationId: string;
  readonly enterpriseId: string;
  readonly url: string;
  readonly secret: string;
  readonly attemptCount: number;
  readonly windowStartMs: number;
  readonly leaseToken: string;
  readonly eventCreatedMs: readonly number[];
  /** What the sandbox's webhook behaviour makes of this attempt; absent outside sandboxes that have one. */
  readonly misbehaviour?: Misbehaviour;
}

/**
 * An attempt of a sandbox with a webhook behaviour: failed without a request (recorded with a status, or as a
 * timeout), or sent twice with the same `webhook-id`.
 */
export interface Misbehaviour {
  readonly failWith?: { readonly statusCode: number } | { readonly timeout: true };
  readonly duplicate: boolean;
}

/** A delivery not yet sent or given up, as a claim finds it. */
export interface PendingDelivery {
  readonly id: string;
  readonly integrationId: string;
  readonly enterpriseId: string;
  readonly attemptCount: number;
  /** Start of the retry window that give-up and hold-back measure; a redelivery starts a new one. */
  readonly windowStartMs: number;
  readonly nextAttemptMs: number;
  /** Until when a process holds it; null when none does. */
  readonly leaseUntilMs: number | null;
}

/** A MessageAdded event recorded by a messaging transaction and not yet put in a delivery. */
export interface WaitingEvent {
  readonly seq: number;
  /** The integration of the thread's application and enterprise when the message was added. */
  readonly integrationId: string;
  readonly enterpriseId: string;
  readonly messageId: string;
  readonly createdMs: number;
}

/** What the outbox holds for one queue, read inside the claim's transaction with the application locked. */
export interface OutboxState {
  readonly nowMs: number;
  /** null once the application's URL of the queue's kind was removed. */
  readonly webhookUrl: string | null;
  /** Its pending deliveries, oldest first. */
  readonly pending: readonly PendingDelivery[];
  /**
   * Set when the queue's sandbox reorders its webhooks: the due deliveries go out in any order, and this chooses the
   * index of the next one of `count`.
   */
  readonly pick?: (count: number) => number;
}

/**
 * What a claim does next for a queue: drop what waits for a removed URL, send nothing now, send a pending
 * delivery again, or open a new delivery from the waiting events (`DeliveryPolicy.batch` says which).
 */
export type NextDelivery =
  | { readonly action: 'abandon' }
  | { readonly action: 'none' }
  | { readonly action: 'retry'; readonly deliveryId: string }
  | { readonly action: 'open' };

/**
 * The decisions a claim asks for inside its transaction: pure functions of what it read (`src/events/` implements them),
 * so that the store only loads, leases and records.
 */
export interface DeliveryPolicy {
  /** The most events one delivery carries. */
  readonly maxEvents: number;
  next(state: OutboxState): NextDelivery;
  /**
   * The events a new delivery carries, of `waiting` (oldest first). The store passes the waiting events of the oldest
   * one's integration, at most `maxEvents`: a delivery never carries more, nor another integration's (or enterprise's).
   */
  batch(waiting: readonly WaitingEvent[]): readonly WaitingEvent[];
}

export interface ClaimOptions {
  readonly nowMs: number;
  /** How long the claim keeps others off; the claimer renews it while it works (`renewWebhookLease`). */
  readonly leaseMs: number;
  readonly policy: DeliveryPolicy;
}

/** What became of a delivery after an attempt: sent, retried at `nextAttemptMs`, or given up. */
export type AttemptOutcome =
  | { readonly status: 'Succeeded' | 'Failed' }
  | { readonly status: 'Pending'; readonly nextAttemptMs: number };

/**
 * What the webhook dispatcher needs from storage: the events that messaging and administrative transactions recorded
 * (the transactional outbox: MessageAdded events, and integration webhooks, each its own delivery), turned into
 * deliveries it claims, sends and records. Safe to use from every process that shares the database: a claim is taken
 * by one of them only. `src/store/` implements it.
 */
export interface WebhookOutbox {
  /** Queues that may have webhook work now: events not yet in a delivery, or pending deliveries due and free. */
  queuesWithDueWebhooks(nowMs: number, limit: number): Promise<WebhookQueue[]>;
  /**
   * Takes the next request to send of one queue, as `options.policy` decides from what the outbox holds, or undefined
   * when there is none to send now.
   */
  claimWebhookDelivery(queue: WebhookQueue, options: ClaimOptions): Promise<ClaimedDelivery | undefined>;
  /**
   * Moves the lease of a claim that still holds it at `nowMs` (its token, not yet run out) to `untilMs`: later to keep
   * it while the attempt runs, `nowMs` to give it back. False when the lease ran out or another process took it over.
   */
  renewWebhookLease(claimed: Pick<ClaimedDelivery, 'id' | 'leaseToken'>, nowMs: number, untilMs: number): Promise<boolean>;
  /** Logs an attempt and moves the delivery on, if the claim's lease still holds (else only logs it). */
  recordWebhookAttempt(claimed: Pick<ClaimedDelivery, 'id' | 'leaseToken'>, attempt: WebhookAttempt, outcome: AttemptOutcome): Promise<void>;
  /**
   * Removes at most `limit` ended deliveries whose last attempt fell due before `lastDueBeforeMs`, the instant
   * retention counts from (see `webhookRetentionCutoffMs`); returns how many.
   */
  pruneWebhookDeliveries(lastDueBeforeMs: number, limit: number): Promise<number>;
  /** Events recorded and not yet delivered, of each kind: waiting for a request, or in a pending one. */
  countUndeliveredWebhookEvents(): Promise<Record<WebhookKind, number>>;
}
