import type { AdminReader } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import type { IntegrationWebhookAction } from './integration-webhooks.ts';
import { requireApplication } from './applications.ts';
import { toPage, toPageRequest, type Limitation, type Page, type PageRequest } from './pagination.ts';

export const WEBHOOK_DELIVERY_STATUSES = ['Pending', 'Succeeded', 'Failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The two kinds of webhook (CONTRACT.md): MessageAdded, to the application's WebhookUrl, and the integration webhooks,
 * to its IntegrationWebhookUrl. Each application has one queue of each kind, ordered and sent independently.
 */
export const WEBHOOK_KINDS = ['MessageAdded', 'Integration'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** One request of a webhook, with every attempt to send it (the delivery log). */
export interface WebhookDelivery {
  /** Also the request's `webhook-id` header, the same on every retry. */
  readonly id: string;
  readonly applicationId: string;
  /** The integration of its application and enterprise, which its body names. */
  readonly integrationId: string;
  readonly enterpriseId: string;
  readonly kind: WebhookKind;
  /** An integration webhook's `Action`; null for MessageAdded. */
  readonly action: IntegrationWebhookAction | null;
  readonly status: WebhookDeliveryStatus;
  readonly createdMs: number;
  /** When the next attempt is due; null unless pending. */
  readonly nextAttemptMs: number | null;
  /** The messages the request's events announce, in creation order; none for an integration webhook. */
  readonly messageIds: readonly string[];
  /** An integration webhook's request body, as recorded; null for MessageAdded (built from its events). */
  readonly body: string | null;
  /** Oldest first. */
  readonly attempts: readonly WebhookAttempt[];
}

export interface WebhookAttempt {
  readonly attemptedMs: number;
  /** The receiver's URL without its query string, fragment or credentials. */
  readonly url: string;
  /** The final HTTP status, null when no response came (see `error`). */
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** What the operator sees of webhook deliveries: the log, and sending one again. */
export interface WebhookDeliveryLog {
  /** A page of an application's deliveries, newest first; undefined when the cursor is not one of its deliveries (see `toPage`). */
  listWebhookDeliveries(
    applicationId: string,
    page: PageRequest,
    status?: WebhookDeliveryStatus,
  ): Promise<WebhookDelivery[] | undefined>;
  /** Makes a delivery pending and due now, with a fresh retry window. False when no such delivery exists. */
  redeliverWebhook(deliveryId: string, nowMs: number): Promise<boolean>;
}

export interface WebhookDeliveryQuery {
  readonly applicationId: string;
  readonly limitation: Limitation;
  readonly status?: WebhookDeliveryStatus | undefined;
}

/**
 * `webhookDeliveries/getAll`: an application's deliveries with their attempts, newest first.
 *
 * @throws InvalidParameterError `Invalid ApplicationId` for an unknown application, `Invalid Cursor` for a cursor that
 *   is not one of its deliveries.
 */
export async function getWebhookDeliveries(
  store: AdminReader & WebhookDeliveryLog,
  query: WebhookDeliveryQuery,
): Promise<Page<WebhookDelivery>> {
  const page = toPageRequest(query.limitation);
  await requireApplication(store, query.applicationId);
  return toPage(await store.listWebhookDeliveries(query.applicationId, page, query.status));
}

/**
 * `webhookDeliveries/redeliver`: the delivery is sent again, with the same `webhook-id` and events.
 *
 * @throws InvalidParameterError `Invalid DeliveryId` when there is no such delivery.
 */
export async function redeliverWebhookDelivery(store: WebhookDeliveryLog, deliveryId: string, nowMs = Date.now()): Promise<void> {
  if (!(await store.redeliverWebhook(deliveryId, nowMs))) throw new InvalidParameterError('DeliveryId');
}
