import { sql, type Kysely } from 'kysely';
import { newId } from '../../domain/ids.ts';
import { seededId } from '../../domain/sandbox-clock.ts';
import type { PageRequest } from '../../domain/pagination.ts';
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryLog,
  WebhookDeliveryStatus,
  WebhookKind,
} from '../../domain/webhook-delivery-log.ts';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  ClaimOptions,
  Misbehaviour,
  PendingDelivery,
  WaitingEvent,
  WebhookOutbox,
  WebhookQueue,
} from '../../domain/webhook-outbox.ts';
import type { Database } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { schedulesDeliveries } from '../../domain/webhook-behaviour.ts';
import { keysetPage } from './page-query.ts';
import { sandboxWebhookBehaviour, takeFailedAttempt, type SandboxWebhookBehaviour } from './webhook-behaviour.repository.ts';
import { newPendingDelivery } from './webhook-event.repository.ts';

/**
 * The queue's URL was removed: what was waiting for it will never be sent. Pending deliveries are kept in the log,
 * failed (integration webhooks, each its own delivery, among them).
 */
async function abandonWebhooks(trx: Kysely<Database>, { applicationId, kind }: WebhookQueue): Promise<void> {
  if (kind === 'MessageAdded') {
    await trx.deleteFrom('webhook_events').where('delivery_id', 'is', null).where('application_id', '=', applicationId).execute();
  }
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'Failed', lease_until_ms: null, lease_token: null })
    .where('application_id', '=', applicationId)
    .where('kind', '=', kind)
    .where('status', '=', 'Pending')
    .execute();
}

/** A pending delivery as the store keeps it: an integration webhook's with its body, and when its event was recorded. */
interface StoredPendingDelivery extends PendingDelivery {
  readonly body: string | null;
  readonly createdMs: number;
}

async function pendingDeliveries(trx: Kysely<Database>, { applicationId, kind }: WebhookQueue): Promise<StoredPendingDelivery[]> {
  const rows = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'integration_id', 'enterprise_id', 'attempt_count', 'window_start_ms', 'next_attempt_ms', 'lease_until_ms', 'body', 'created_ms'])
    .where('application_id', '=', applicationId)
    .where('kind', '=', kind)
    .where('status', '=', 'Pending')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    integrationId: row.integration_id,
    enterpriseId: row.enterprise_id,
    attemptCount: row.attempt_count,
    windowStartMs: row.window_start_ms,
    nextAttemptMs: row.next_attempt_ms,
    leaseUntilMs: row.lease_until_ms,
    body: row.body,
    createdMs: row.created_ms,
  }));
}

/**
 * The events not yet in a delivery that one may carry: the oldest one's integration's (so of one enterprise), oldest
 * first, at most `limit`.
 */
async function waitingEvents(trx: Kysely<Database>, applicationId: string, limit: number): Promise<WaitingEvent[]> {
  const waiting = trx.selectFrom('webhook_events').where('delivery_id', 'is', null).where('application_id', '=', applicationId);
  const rows = await waiting
    .select(['seq', 'integration_id', 'enterprise_id', 'message_id', 'created_ms'])
    .where('integration_id', '=', waiting.select('integration_id').orderBy('seq').limit(1))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    integrationId: row.integration_id,
    enterpriseId: row.enterprise_id,
    messageId: row.message_id,
    createdMs: row.created_ms,
  }));
}

/**
 * A new pending delivery of `events`, due now, which the events are moved into. In a sandbox with a seed its id (the
 * webhook-id header) is drawn from the seed and its first message, not from the seed's counter: deliveries are opened
 * as the dispatcher runs, and must not change the ids the sandbox's requests get.
 */
async function openDelivery(
  trx: Kysely<Database>,
  applicationId: string,
  events: readonly WaitingEvent[],
  nowMs: number,
  seed: string | null,
): Promise<PendingDelivery> {
  const delivery = {
    id: seed === null ? newId() : seededId(seed, `webhook ${events[0]!.messageId}`),
    integrationId: events[0]!.integrationId,
    enterpriseId: events[0]!.enterpriseId,
    attemptCount: 0,
    windowStartMs: nowMs,
    nextAttemptMs: nowMs,
    leaseUntilMs: null,
  };
  await trx
    .insertInto('webhook_deliveries')
    .values(
      newPendingDelivery(
        { id: delivery.id, applicationId, integrationId: delivery.integrationId, enterpriseId: delivery.enterpriseId, kind: 'MessageAdded' },
        nowMs,
      ),
    )
    .execute();
  await trx
    .updateTable('webhook_events')
    .set({ delivery_id: delivery.id })
    .where(
      'seq',
      'in',
      events.map((event) => event.seq),
    )
    .execute();
  return delivery;
}

/** The events a delivery carries, in creation order. */
async function eventsOf(trx: Kysely<Database>, deliveryId: string): Promise<Pick<WaitingEvent, 'messageId' | 'createdMs'>[]> {
  const rows = await trx
    .selectFrom('webhook_events')
    .select(['message_id', 'created_ms'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ messageId: row.message_id, createdMs: row.created_ms }));
}

/**
 * Makes each waiting event of the application its own pending delivery, due its sandbox's lag (and a random part of
 * the jitter) after the event: a delivery's time and order are then its own, as the behaviour asks.
 */
async function scheduleWaitingEvents(
  trx: Kysely<Database>,
  applicationId: string,
  { behaviour, random }: SandboxWebhookBehaviour,
  limit: number,
): Promise<void> {
  const waiting = await trx
    .selectFrom('webhook_events')
    .select(['seq', 'integration_id', 'enterprise_id', 'message_id', 'created_ms'])
    .where('delivery_id', 'is', null)
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .limit(limit)
    .execute();
  for (const event of waiting) {
    const id = newId();
    const jitterMs = Math.floor(random(`lag ${event.message_id}`) * (behaviour.lagJitterMs + 1));
    const delivery = newPendingDelivery(
      { id, applicationId, integrationId: event.integration_id, enterpriseId: event.enterprise_id, kind: 'MessageAdded' },
      event.created_ms,
    );
    await trx
      .insertInto('webhook_deliveries')
      .values({ ...delivery, next_attempt_ms: event.created_ms + behaviour.lagMs + jitterMs })
      .execute();
    await trx.updateTable('webhook_events').set({ delivery_id: id }).where('seq', '=', event.seq).execute();
  }
}

/** What the sandbox's behaviour makes of the attempt just claimed: a FailNext taken, a duplicate drawn. */
async function misbehaviour(
  trx: Kysely<Database>,
  { behaviour, random }: SandboxWebhookBehaviour,
  attempt: Pick<PendingDelivery, 'id' | 'attemptCount'>,
): Promise<Misbehaviour> {
  const failWith = behaviour.failNextCount > 0 ? await takeFailedAttempt(trx, behaviour.sandboxId) : undefined;
  const duplicate = behaviour.duplicateProbability > 0 && random(`duplicate ${attempt.id} ${attempt.attemptCount}`) < behaviour.duplicateProbability;
  return { ...(failWith && { failWith }), duplicate };
}

/**
 * The webhook outbox the dispatcher works through, and the delivery log the operator sees. Claims lock what they take
 * as the engine does it (`DialectAdapter.lockForClaim`), so that processes sharing the database take turns.
 */
export function webhookDeliveryRepository(
  db: Kysely<Database>,
  dialect: Pick<DialectAdapter, 'lockForClaim'>,
): WebhookOutbox & WebhookDeliveryLog {
  return {
    /** Queues that may have webhook work now: events not yet in a delivery, or pending deliveries due and free. */
    async queuesWithDueWebhooks(nowMs: number, limit: number): Promise<WebhookQueue[]> {
      const rows = await db
        .selectFrom('webhook_events')
        // A literal, not a parameter: PostgreSQL cannot infer a parameter's type in a select list.
        .select(['application_id', sql<WebhookKind>`${sql.lit('MessageAdded')}`.as('kind')])
        .where('delivery_id', 'is', null)
        .union(
          db
            .selectFrom('webhook_deliveries')
            .select(['application_id', 'kind'])
            .where('status', '=', 'Pending')
            .where('next_attempt_ms', '<=', nowMs)
            .where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<=', nowMs)])),
        )
        .limit(limit)
        .execute();
      return rows.map((row) => ({ applicationId: row.application_id, kind: row.kind }));
    },
    /**
     * Takes the next request to send of one queue in one short transaction: locks the application, reads what the
     * queue holds, and records what `options.policy` decides (the order, hold-back, batching and abandoning rules are
     * the policy's), leasing the delivery it hands out. The lock is held for the claim only, not while the request is
     * sent, so the application's other queue is claimed meanwhile.
     */
    async claimWebhookDelivery(queue: WebhookQueue, { nowMs, leaseMs, policy }: ClaimOptions): Promise<ClaimedDelivery | undefined> {
      const { applicationId, kind } = queue;
      return db.transaction().execute(async (trx) => {
        const application = await trx
          .selectFrom('applications')
          .select((eb) => [
            'webhook_url',
            'integration_webhook_url',
            'webhook_secret',
            // The sandbox's id when it has a webhook behaviour: in the same read, so that other claims cost nothing more.
            eb
              .selectFrom('webhook_behaviours as b')
              .select('b.sandbox_id')
              .whereRef('b.sandbox_id', '=', 'applications.sandbox_id')
              .as('behaviour_sandbox_id'),
          ])
          // A subquery, not a join: the lock for the claim cannot take the nullable side of an outer join.
          .select((eb) => eb.selectFrom('sandboxes').select('id_seed').whereRef('sandboxes.id', '=', 'applications.sandbox_id').as('sandbox_seed'))
          .where('id', '=', applicationId)
          .$call((qb) => dialect.lockForClaim(qb))
          .executeTakeFirst();
        if (!application) return undefined;
        const url = kind === 'MessageAdded' ? application.webhook_url : application.integration_webhook_url;
        const behaviourSandboxId = application.behaviour_sandbox_id;
        const behaviour = behaviourSandboxId == null ? undefined : await sandboxWebhookBehaviour(trx, behaviourSandboxId);
        if (behaviour && kind === 'MessageAdded' && url !== null && schedulesDeliveries(behaviour.behaviour)) {
          await scheduleWaitingEvents(trx, applicationId, behaviour, policy.maxEvents);
        }
        const pending = await pendingDeliveries(trx, queue);
        const pick = behaviour?.behaviour.reorder ? (count: number) => Math.floor(behaviour.random(`reorder ${count}`) * count) : undefined;
        const next = policy.next({ nowMs, webhookUrl: url, pending, ...(pick && { pick }) });
        if (next.action === 'abandon') await abandonWebhooks(trx, queue);
        // A policy sends nothing without a URL; the test only tells the compiler so.
        if (next.action === 'abandon' || next.action === 'none' || url === null) return undefined;

        let delivery: PendingDelivery;
        let sent: { readonly kind: 'MessageAdded'; readonly messageIds: string[] } | { readonly kind: 'Integration'; readonly body: string };
        let eventCreatedMs: number[];
        if (next.action === 'retry') {
          const retried = pending.find((candidate) => candidate.id === next.deliveryId)!;
          delivery = retried;
          if (kind === 'Integration') {
            // Every integration webhook is recorded with its body.
            sent = { kind, body: retried.body! };
            eventCreatedMs = [retried.createdMs];
          } else {
            const events = await eventsOf(trx, retried.id);
            sent = { kind, messageIds: events.map((event) => event.messageId) };
            eventCreatedMs = events.map((event) => event.createdMs);
          }
        } else {
          // Integration webhooks are recorded as deliveries: none waits outside one.
          if (kind === 'Integration') return undefined;
          const batch = policy.batch(await waitingEvents(trx, applicationId, policy.maxEvents));
          if (batch.length === 0) return undefined;
          delivery = await openDelivery(trx, applicationId, batch, nowMs, application.sandbox_seed ?? null);
          sent = { kind, messageIds: batch.map((event) => event.messageId) };
          eventCreatedMs = batch.map((event) => event.createdMs);
        }
        // The retry window starts at the first attempt, so that an integration webhook that queued behind a failing one
        // gets the window a MessageAdded delivery opened at that moment gets.
        const windowStartMs = delivery.attemptCount === 0 ? nowMs : delivery.windowStartMs;
        const leaseToken = newId();
        await trx
          .updateTable('webhook_deliveries')
          .set({ lease_until_ms: nowMs + leaseMs, lease_token: leaseToken, window_start_ms: windowStartMs })
          .where('id', '=', delivery.id)
          .execute();
        return {
          id: delivery.id,
          applicationId,
          integrationId: delivery.integrationId,
          enterpriseId: delivery.enterpriseId,
          url,
          secret: application.webhook_secret,
          attemptCount: delivery.attemptCount,
          windowStartMs,
          leaseToken,
          eventCreatedMs,
          ...sent,
          ...(behaviour && { misbehaviour: await misbehaviour(trx, behaviour, delivery) }),
        };
      });
    },
    /**
     * Extends (or gives back) a lease only while the claim's token still holds it: once it ran out and another process
     * claimed the delivery, the token changed, and neither this nor `recordWebhookAttempt` touches the new holder's.
     */
    async renewWebhookLease(claimed: Pick<ClaimedDelivery, 'id' | 'leaseToken'>, nowMs: number, untilMs: number): Promise<boolean> {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ lease_until_ms: untilMs })
        .where('id', '=', claimed.id)
        .where('lease_token', '=', claimed.leaseToken)
        .where('lease_until_ms', '>', nowMs)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /**
     * Logs an attempt and moves the delivery on, if this process still holds its lease (otherwise the attempt is only
     * logged: the lease ran out and another process has taken the delivery over).
     */
    async recordWebhookAttempt(
      claimed: Pick<ClaimedDelivery, 'id' | 'leaseToken'>,
      attempt: WebhookAttempt,
      outcome: AttemptOutcome,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('webhook_attempts')
          .values({
            delivery_id: claimed.id,
            attempted_ms: attempt.attemptedMs,
            url: attempt.url,
            status_code: attempt.statusCode,
            error: attempt.error,
            duration_ms: attempt.durationMs,
          })
          .execute();
        await trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            status: outcome.status,
            attempt_count: eb('attempt_count', '+', 1),
            ...(outcome.status === 'Pending' && { next_attempt_ms: outcome.nextAttemptMs }),
            lease_until_ms: null,
            lease_token: null,
          }))
          .where('id', '=', claimed.id)
          .where('lease_token', '=', claimed.leaseToken)
          .execute();
      });
    },
    /**
     * Removes at most `limit` deliveries that ended (sent or given up) with their last attempt due before
     * `lastDueBeforeMs`, with their attempts and events, and returns how many: an ended delivery's `next_attempt_ms` is
     * when its last attempt fell due, since its outcome left it in place. A pending delivery stays however old it is, and
     * so does one that an administrator makes pending again while this runs: the status is checked again as each row is
     * deleted.
     */
    async pruneWebhookDeliveries(lastDueBeforeMs: number, limit: number): Promise<number> {
      const ended = ['Succeeded', 'Failed'] as const;
      return db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('webhook_deliveries')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('webhook_deliveries')
              .select('id')
              .where('status', 'in', ended)
              .where('next_attempt_ms', '<', lastDueBeforeMs)
              .limit(limit),
          )
          .where('status', 'in', ended)
          .returning('id')
          .execute();
        const ids = deleted.map((row) => row.id);
        if (ids.length > 0) {
          await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
          await trx.deleteFrom('webhook_events').where('delivery_id', 'in', ids).execute();
        }
        return ids.length;
      });
    },
    /**
     * Events recorded and not yet delivered, of each kind: waiting for a request, or in a pending one (an integration
     * webhook is one event, its delivery).
     */
    async countUndeliveredWebhookEvents(): Promise<Record<WebhookKind, number>> {
      const [messageAdded, integration] = await Promise.all([
        db
          .selectFrom('webhook_events as e')
          .leftJoin('webhook_deliveries as d', 'd.id', 'e.delivery_id')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where((eb) => eb.or([eb('e.delivery_id', 'is', null), eb('d.status', '=', 'Pending')]))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('kind', '=', 'Integration')
          .where('status', '=', 'Pending')
          .executeTakeFirstOrThrow(),
      ]);
      return { MessageAdded: Number(messageAdded.count), Integration: Number(integration.count) };
    },
    async listWebhookDeliveries(
      applicationId: string,
      page: PageRequest,
      status?: WebhookDeliveryStatus,
    ): Promise<WebhookDelivery[] | undefined> {
      const deliveries = db.selectFrom('webhook_deliveries').where('application_id', '=', applicationId);
      const rows = await keysetPage({
        positions: deliveries,
        items: deliveries.selectAll().$if(status !== undefined, (qb) => qb.where('status', '=', status!)),
        keys: ['seq'],
        ...page,
      });
      if (!rows) return undefined;
      const ids = rows.map((row) => row.id);
      const [events, attempts] =
        ids.length === 0
          ? [[], []]
          : await Promise.all([
              db.selectFrom('webhook_events').select(['delivery_id', 'message_id']).where('delivery_id', 'in', ids).orderBy('seq').execute(),
              db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('seq').execute(),
            ]);
      return rows.map(
        (row): WebhookDelivery => ({
          id: row.id,
          applicationId: row.application_id,
          integrationId: row.integration_id,
          enterpriseId: row.enterprise_id,
          kind: row.kind,
          action: row.action,
          status: row.status,
          createdMs: row.created_ms,
          nextAttemptMs: row.status === 'Pending' ? row.next_attempt_ms : null,
          messageIds: events.filter((event) => event.delivery_id === row.id).map((event) => event.message_id),
          body: row.body,
          attempts: attempts
            .filter((attempt) => attempt.delivery_id === row.id)
            .map((attempt) => ({
              attemptedMs: attempt.attempted_ms,
              url: attempt.url,
              statusCode: attempt.status_code,
              error: attempt.error,
              durationMs: attempt.duration_ms,
            })),
        }),
      );
    },
    /**
     * Sends a delivery again: pending, due now, with a fresh retry window and backoff. One being sent right now keeps
     * its lease, so it is never sent twice at once.
     */
    async redeliverWebhook(deliveryId: string, nowMs: number): Promise<boolean> {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'Pending', attempt_count: 0, window_start_ms: nowMs, next_attempt_ms: nowMs })
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
