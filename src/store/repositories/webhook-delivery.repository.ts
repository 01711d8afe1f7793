import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../domain/ids.ts';
import type { PageRequest } from '../../domain/pagination.ts';
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryLog, WebhookDeliveryStatus } from '../../domain/webhook-delivery-log.ts';
import type { AttemptOutcome, ClaimedDelivery, ClaimOptions, WebhookOutbox } from '../../domain/webhook-outbox.ts';
import type { Database, WebhookDeliveryTable } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { keysetPage } from './page-query.ts';

/** At most this many events travel in one request. */
export const MAX_EVENTS_PER_DELIVERY = 500;

/** The URL was removed: what was waiting for it will never be sent. Pending deliveries are kept in the log, failed. */
async function abandonWebhooks(trx: Kysely<Database>, integrationId: string): Promise<void> {
  await trx.deleteFrom('webhook_events').where('delivery_id', 'is', null).where('integration_id', '=', integrationId).execute();
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'Failed', lease_until_ms: null, lease_token: null })
    .where('integration_id', '=', integrationId)
    .where('status', '=', 'Pending')
    .execute();
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
    /** Integrations that may have webhook work now: events not yet in a delivery, or pending deliveries due and free. */
    async integrationsWithDueWebhooks(nowMs: number, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('webhook_events')
        .select('integration_id')
        .where('delivery_id', 'is', null)
        .union(
          db
            .selectFrom('webhook_deliveries')
            .select('integration_id')
            .where('status', '=', 'Pending')
            .where('next_attempt_ms', '<=', nowMs)
            .where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<=', nowMs)])),
        )
        .limit(limit)
        .execute();
      return rows.map((row) => row.integration_id);
    },
    /**
     * Takes the next request to send to one integration, in one short transaction, or nothing when there is none to send
     * now. The ordering rule: an integration has at most one request in flight, and its deliveries go out in creation
     * order; a pending delivery holds back newer ones (and new events) while its retry window is younger than
     * `holdBackMs`, after which newer events go out past it while it keeps being retried on its own schedule.
     */
    async claimWebhookDelivery(integrationId: string, options: ClaimOptions): Promise<ClaimedDelivery | undefined> {
      const { nowMs } = options;
      return db.transaction().execute(async (trx) => {
        const integration = await trx
          .selectFrom('integrations')
          .select(['id', 'webhook_url', 'webhook_secret'])
          .where('id', '=', integrationId)
          .$call((qb) => dialect.lockForClaim(qb))
          .executeTakeFirst();
        if (!integration) return undefined;
        if (integration.webhook_url === null) {
          await abandonWebhooks(trx, integrationId);
          return undefined;
        }
        const pending = await trx
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('integration_id', '=', integrationId)
          .where('status', '=', 'Pending')
          .orderBy('seq')
          .execute();
        if (pending.some((p) => p.lease_until_ms !== null && p.lease_until_ms > nowMs)) return undefined;

        let chosen: Selectable<WebhookDeliveryTable> | undefined;
        let heldBack = false;
        for (const delivery of pending) {
          if (delivery.next_attempt_ms <= nowMs) {
            chosen = delivery;
            break;
          }
          if (delivery.window_start_ms > nowMs - options.holdBackMs) {
            heldBack = true;
            break;
          }
        }

        const leaseToken = newId();
        let events: { message_id: string; created_ms: number }[];
        if (chosen) {
          events = await trx
            .selectFrom('webhook_events')
            .select(['message_id', 'created_ms'])
            .where('delivery_id', '=', chosen.id)
            .orderBy('seq')
            .execute();
        } else {
          if (heldBack) return undefined;
          const oldest = await trx
            .selectFrom('webhook_events')
            .select('enterprise_id')
            .where('delivery_id', 'is', null)
            .where('integration_id', '=', integrationId)
            .orderBy('seq')
            .limit(1)
            .executeTakeFirst();
          if (!oldest) return undefined;
          const batch = await trx
            .selectFrom('webhook_events')
            .select(['seq', 'message_id', 'created_ms'])
            .where('delivery_id', 'is', null)
            .where('integration_id', '=', integrationId)
            .where('enterprise_id', '=', oldest.enterprise_id)
            .orderBy('seq')
            .limit(MAX_EVENTS_PER_DELIVERY)
            .execute();
          chosen = {
            seq: 0,
            id: newId(),
            integration_id: integrationId,
            enterprise_id: oldest.enterprise_id,
            status: 'Pending',
            attempt_count: 0,
            created_ms: nowMs,
            window_start_ms: nowMs,
            next_attempt_ms: nowMs,
            lease_until_ms: null,
            lease_token: null,
          };
          const { seq: _generated, ...row } = chosen;
          await trx.insertInto('webhook_deliveries').values(row).execute();
          await trx
            .updateTable('webhook_events')
            .set({ delivery_id: chosen.id })
            .where(
              'seq',
              'in',
              batch.map((event) => event.seq),
            )
            .execute();
          events = batch;
        }
        await trx
          .updateTable('webhook_deliveries')
          .set({ lease_until_ms: nowMs + options.leaseMs, lease_token: leaseToken })
          .where('id', '=', chosen.id)
          .execute();
        return {
          id: chosen.id,
          integrationId,
          enterpriseId: chosen.enterprise_id,
          url: integration.webhook_url,
          secret: integration.webhook_secret,
          attemptCount: chosen.attempt_count,
          windowStartMs: chosen.window_start_ms,
          leaseToken,
          messageIds: events.map((event) => event.message_id),
          eventCreatedMs: events.map((event) => event.created_ms),
        };
      });
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
     * Removes at most `limit` deliveries that ended (sent or given up) with their last attempt due before `beforeMs`, with
     * their attempts and events, and returns how many. A pending delivery stays however old it is, and so does one that an
     * administrator makes pending again while this runs: the status is checked again as each row is deleted.
     */
    async pruneWebhookDeliveries(beforeMs: number, limit: number): Promise<number> {
      const ended = ['Succeeded', 'Failed'] as const;
      return db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('webhook_deliveries')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('webhook_deliveries')
              .select('id')
              .where('status', 'in', ended)
              .where('next_attempt_ms', '<', beforeMs)
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
    /** Events recorded and not yet delivered: waiting for a request, or in a pending one. */
    async countUndeliveredWebhookEvents(): Promise<number> {
      const row = await db
        .selectFrom('webhook_events as e')
        .leftJoin('webhook_deliveries as d', 'd.id', 'e.delivery_id')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where((eb) => eb.or([eb('e.delivery_id', 'is', null), eb('d.status', '=', 'Pending')]))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async listWebhookDeliveries(
      integrationId: string,
      page: PageRequest,
      status?: WebhookDeliveryStatus,
    ): Promise<WebhookDelivery[] | undefined> {
      const deliveries = db.selectFrom('webhook_deliveries').where('integration_id', '=', integrationId);
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
          integrationId: row.integration_id,
          enterpriseId: row.enterprise_id,
          status: row.status,
          createdMs: row.created_ms,
          nextAttemptMs: row.status === 'Pending' ? row.next_attempt_ms : null,
          messageIds: events.filter((event) => event.delivery_id === row.id).map((event) => event.message_id),
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
