import http from 'node:http';
import https from 'node:https';
import type { BaseLogger } from 'pino';
import type { ClaimedDelivery, Misbehaviour, WebhookOutbox, WebhookQueue } from '../domain/webhook-outbox.ts';
import type { WebhookDeliveryPolicy } from './webhook-delivery-policy.ts';
import { WEBHOOK_REQUEST_HEADERS, webhookBody } from './webhook-envelope.ts';
import type { WebhookMetrics } from './webhook-metrics.ts';
import { postWebhook, timeoutError, withoutSecrets, type WebhookResponse } from './webhook-request.ts';
import { webhookSignatureHeaders } from './webhook-signature.ts';

export interface WebhookDispatcherOptions {
  /** Where the events wait and the deliveries are claimed and recorded; processes sharing it never claim the same one. */
  readonly outbox: WebhookOutbox;
  readonly timeoutMs: number;
  /** What to send next and what an attempt's answer means (see `webhookDeliveryPolicy`). */
  readonly policy: WebhookDeliveryPolicy;
  readonly allowPrivate: boolean;
  readonly pollIntervalMs: number;
  readonly metrics: WebhookMetrics;
  readonly log: Pick<BaseLogger, 'warn' | 'error'>;
  /** Requests in flight at once from this process, of different queues (an application's webhooks of one kind). */
  readonly maxInFlight?: number;
}

export interface WebhookDispatcher {
  /** Something was committed: look for work now rather than at the next poll. */
  wake(): void;
  /**
   * Stops claiming, waits for the requests in flight to be answered and logged, and gives back a claim that came in
   * meanwhile unsent, so that another process (or this one restarted) takes it at once.
   */
  stop(): Promise<void>;
}

/**
 * How long a claim keeps other processes off a delivery. The process renews it every `LEASE_RENEWAL_MS` while the
 * attempt (with its redirects) runs, so it can be short whatever `timeoutMs` is: when a process dies (SIGKILL, a lost
 * machine) its deliveries, and the newer events of their applications held back behind them, are taken by another
 * process or the restarted one within seconds. Three renewals per lease, so one late renewal (a slow write, a busy event
 * loop, clocks a little apart between the processes sharing the database) does not lose it.
 */
export const WEBHOOK_LEASE_MS = 3000;
const LEASE_RENEWAL_MS = WEBHOOK_LEASE_MS / 3;

/**
 * Sends the webhooks from the outbox (MessageAdded and the integration webhooks), in every server process. It looks
 * for work as soon as this process commits events (`wake`) and otherwise every `pollIntervalMs`, which picks up what
 * other processes committed, work left by a process that died, and retries that fell due. Each queue (an application's
 * webhooks of one kind) has at most one request in flight, so a slow receiver of one kind holds back only its own.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const maxInFlight = options.maxInFlight ?? 32;
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const requestOptions = { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate, agents };
  const sending = new Map<string, Promise<void>>();
  let running = true;
  let wakeRequested = true;
  let interruptSleep: (() => void) | undefined;

  function wake(): void {
    wakeRequested = true;
    interruptSleep?.();
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interruptSleep = undefined;
        resolve();
      }
      interruptSleep = done;
    });
  }

  const keyOf = (queue: WebhookQueue) => `${queue.applicationId} ${queue.kind}`;

  async function claimAndSend(): Promise<void> {
    const free = maxInFlight - sending.size;
    if (free <= 0) return;
    const nowMs = Date.now();
    const candidates = await options.outbox.queuesWithDueWebhooks(nowMs, free + sending.size);
    for (const queue of candidates.filter((candidate) => !sending.has(keyOf(candidate))).slice(0, free)) {
      if (!running) return;
      const claimed = await options.outbox.claimWebhookDelivery(queue, { nowMs, leaseMs: WEBHOOK_LEASE_MS, policy: options.policy });
      if (!claimed) continue;
      if (!running) {
        await renewLease(claimed, 0);
        return;
      }
      const sent = send(claimed).finally(() => {
        sending.delete(keyOf(queue));
        wake();
      });
      sending.set(keyOf(queue), sent);
    }
  }

  /** Keeps this process's lease for `forMs` from now (0 gives it back); a failure is logged, the lease runs out. */
  async function renewLease(delivery: ClaimedDelivery, forMs: number): Promise<void> {
    const nowMs = Date.now();
    try {
      if (await options.outbox.renewWebhookLease(delivery, nowMs, nowMs + forMs)) return;
      options.log.warn({ deliveryId: delivery.id }, 'webhook lease ran out; another process may send this delivery too');
    } catch (error) {
      options.log.error({ err: error, deliveryId: delivery.id }, 'webhook lease could not be renewed');
    }
  }

  /** Runs `work` renewing the delivery's lease, one renewal at a time; the last one ended when this resolves. */
  async function whileLeased<T>(delivery: ClaimedDelivery, work: () => Promise<T>): Promise<T> {
    let renewing = Promise.resolve();
    const renewal = setInterval(() => (renewing = renewing.then(() => renewLease(delivery, WEBHOOK_LEASE_MS))), LEASE_RENEWAL_MS);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await renewing;
    }
  }

  async function send(delivery: ClaimedDelivery): Promise<void> {
    // An integration webhook's body was fixed when its change happened; a MessageAdded one is built from its events.
    const body = delivery.kind === 'Integration' ? delivery.body : webhookBody(delivery);
    const startedMs = Date.now();
    const headers = { ...WEBHOOK_REQUEST_HEADERS, ...webhookSignatureHeaders(delivery.secret, delivery.id, body, new Date(startedMs)) };
    const { misbehaviour } = delivery;
    // The lease's last renewal leaves it most of `WEBHOOK_LEASE_MS` for the attempt's record.
    const response = misbehaviour?.failWith
      ? failedOnPurpose(delivery.url, misbehaviour.failWith)
      : await whileLeased(delivery, async () => {
          const answer = await postWebhook(delivery.url, body, headers, requestOptions);
          // The same request again, as a sender that retries a lost answer would: the receiver dedupes by webhook-id.
          if (misbehaviour?.duplicate) await postWebhook(delivery.url, body, headers, requestOptions);
          return answer;
        });
    const finishedMs = Date.now();
    const outcome = options.policy.outcome(delivery, response, finishedMs);
    try {
      await options.outbox.recordWebhookAttempt(
        delivery,
        { attemptedMs: startedMs, url: response.url, statusCode: response.statusCode, error: response.error, durationMs: finishedMs - startedMs },
        outcome,
      );
    } catch (error) {
      // The lease runs out and the delivery is sent again: at least once, never lost.
      options.log.error({ err: error, deliveryId: delivery.id }, 'webhook attempt could not be recorded');
      return;
    }
    const { kind } = delivery;
    if (outcome.status === 'Succeeded') {
      options.metrics.attempts.inc({ kind, outcome: 'succeeded' });
      for (const createdMs of delivery.eventCreatedMs) options.metrics.latency.observe({ kind }, (finishedMs - createdMs) / 1000);
      return;
    }
    options.metrics.attempts.inc({ kind, outcome: outcome.status === 'Failed' ? 'failed' : 'retrying' });
    options.log.warn(
      {
        deliveryId: delivery.id,
        kind,
        applicationId: delivery.applicationId,
        integrationId: delivery.integrationId,
        url: response.url,
        statusCode: response.statusCode,
        error: response.error,
        ...(outcome.status === 'Pending' && { nextAttemptInMs: outcome.nextAttemptMs - finishedMs }),
      },
      outcome.status === 'Failed' ? 'webhook delivery given up' : 'webhook delivery failed, will retry',
    );
  }

  /** An attempt a sandbox's FailNext fails without a request, recorded as the receiver's status or a timeout would be. */
  function failedOnPurpose(url: string, failWith: NonNullable<Misbehaviour['failWith']>): WebhookResponse {
    const shown = withoutSecrets(new URL(url));
    return 'timeout' in failWith
      ? { statusCode: null, error: timeoutError(options.timeoutMs), url: shown }
      : { statusCode: failWith.statusCode, error: null, url: shown };
  }

  const loop = (async () => {
    while (running) {
      wakeRequested = false;
      try {
        await claimAndSend();
      } catch (error) {
        options.log.error({ err: error }, 'webhook dispatcher could not claim work; retrying at the next poll');
      }
      if (running && !wakeRequested) await sleep(options.pollIntervalMs);
    }
  })();

  return {
    wake,
    async stop() {
      running = false;
      interruptSleep?.();
      await loop;
      await Promise.allSettled(sending.values());
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
