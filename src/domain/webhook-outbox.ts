import type { WebhookAttempt } from './webhook-delivery-log.ts';

/** A delivery taken by one process to send now: nobody else sends it until its lease ends. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly integrationId: string;
  readonly enterpriseId: string;
  readonly url: string;
  readonly secret: string;
  readonly attemptCount: number;
  readonly windowStartMs: number;
  readonly leaseToken: string;
  readonly messageIds: readonly string[];
  readonly eventCreatedMs: readonly number[];
}

export interface ClaimOptions {
  readonly nowMs: number;
  /** How long the claim keeps others off: longer than the longest attempt. */
  readonly leaseMs: number;
  /** How long a failing delivery holds back its integration's newer events. */
  readonly holdBackMs: number;
}

/** What became of a delivery after an attempt: sent, retried at `nextAttemptMs`, or given up. */
export type AttemptOutcome =
  | { readonly status: 'Succeeded' | 'Failed' }
  | { readonly status: 'Pending'; readonly nextAttemptMs: number };

/**
 * What the webhook dispatcher needs from storage: the MessageAdded events the messaging transactions recorded (the
 * transactional outbox), turned into deliveries it claims, sends and records. Safe to use from every process that
 * shares the database: a claim is taken by one of them only. `src/store/` implements it.
 */
export interface WebhookOutbox {
  /** Integrations that may have webhook work now: events not yet in a delivery, or pending deliveries due and free. */
  integrationsWithDueWebhooks(nowMs: number, limit: number): Promise<string[]>;
  /** Takes the next request to send to one integration, or undefined when there is none to send now. */
  claimWebhookDelivery(integrationId: string, options: ClaimOptions): Promise<ClaimedDelivery | undefined>;
  /** Logs an attempt and moves the delivery on, if the claim's lease still holds (else only logs it). */
  recordWebhookAttempt(claimed: Pick<ClaimedDelivery, 'id' | 'leaseToken'>, attempt: WebhookAttempt, outcome: AttemptOutcome): Promise<void>;
  /** Removes at most `limit` ended deliveries whose last attempt was due before `beforeMs`; returns how many. */
  pruneWebhookDeliveries(beforeMs: number, limit: number): Promise<number>;
  /** Events recorded and not yet delivered: waiting for a request, or in a pending one. */
  countUndeliveredWebhookEvents(): Promise<number>;
}
