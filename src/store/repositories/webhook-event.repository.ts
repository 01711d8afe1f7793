import { sql, type Insertable, type Kysely } from 'kysely';
import { newId } from '../../domain/ids.ts';
import type { IntegrationWebhook } from '../../domain/integration-webhooks.ts';
import type { WebhookKind } from '../../domain/webhook-delivery-log.ts';
import type { Database } from '../database.ts';
import { applicationWebhookBehaviour } from './webhook-behaviour.repository.ts';

/**
 * Records a MessageAdded event for each of these messages whose thread's application has a webhook URL and an enabled
 * integration with the thread's enterprise, naming that integration, in creation order. Called inside the transaction that inserts the messages (the transactional outbox): a committed message is
 * never without its event, and a rolled-back one leaves none.
 *
 * @returns how many events were recorded.
 */
export async function recordMessageAddedEvents(
  trx: Kysely<Database>,
  messageIds: readonly string[],
  nowMs: number,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const result = await trx
    .insertInto('webhook_events')
    .columns(['application_id', 'integration_id', 'enterprise_id', 'message_id', 'created_ms'])
    .expression((eb) =>
      eb
        .selectFrom('messages as m')
        .innerJoin('message_threads as t', 't.id', 'm.message_thread_id')
        .innerJoin('applications as a', 'a.id', 't.application_id')
        .innerJoin('integrations as i', (join) =>
          join.onRef('i.application_id', '=', 't.application_id').onRef('i.enterprise_id', '=', 't.enterprise_id'),
        )
        // An integer literal, not a parameter: PostgreSQL cannot infer a parameter's type in a select list.
        .select(['t.application_id', 'i.id as integration_id', 't.enterprise_id', 'm.id as message_id', sql<number>`${sql.lit(Math.trunc(nowMs))}`.as('created_ms')])
        .where('m.id', 'in', messageIds)
        .where('a.webhook_url', 'is not', null)
        .where('i.state', '=', 'Enabled')
        .orderBy('m.seq'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Records an integration webhook inside the administrative transaction of its change (the outbox): one request per
 * event, so the event is its delivery, pending and due now (or after its sandbox's lag), with the body it was given.
 */
export async function insertIntegrationWebhook(trx: Kysely<Database>, webhook: IntegrationWebhook, nowMs: number): Promise<void> {
  const id = newId();
  const lagged = await applicationWebhookBehaviour(trx, webhook.applicationId);
  const lagMs = lagged ? lagged.behaviour.lagMs + Math.floor(lagged.random(`lag ${id}`) * (lagged.behaviour.lagJitterMs + 1)) : 0;
  await trx
    .insertInto('webhook_deliveries')
    .values({ ...newPendingDelivery({ id, ...webhook, kind: 'Integration' }, nowMs), next_attempt_ms: nowMs + lagMs })
    .execute();
}

/** A delivery's row as it starts: pending, due now, never tried, held by nobody. */
export function newPendingDelivery(
  delivery: {
    readonly id: string;
    readonly applicationId: string;
    readonly integrationId: string;
    readonly enterpriseId: string;
    readonly kind: WebhookKind;
    /** An integration webhook's, given when it is recorded; a MessageAdded delivery's body is made from its events. */
    readonly action?: IntegrationWebhook['action'];
    readonly body?: string;
  },
  nowMs: number,
): Insertable<Database['webhook_deliveries']> {
  return {
    id: delivery.id,
    application_id: delivery.applicationId,
    integration_id: delivery.integrationId,
    enterprise_id: delivery.enterpriseId,
    kind: delivery.kind,
    action: delivery.action ?? null,
    body: delivery.body ?? null,
    status: 'Pending',
    attempt_count: 0,
    created_ms: nowMs,
    window_start_ms: nowMs,
    next_attempt_ms: nowMs,
    lease_until_ms: null,
    lease_token: null,
  };
}
