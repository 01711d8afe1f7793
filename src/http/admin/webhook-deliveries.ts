import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { formatUtc } from '../../domain/time.ts';
import { INTEGRATION_WEBHOOK_ACTIONS } from '../../domain/integration-webhooks.ts';
import {
  getWebhookDeliveries,
  redeliverWebhookDelivery,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_KINDS,
  type WebhookDelivery,
  type WebhookDeliveryLog,
} from '../../domain/webhook-delivery-log.ts';
import { messageAddedEvents, WEBHOOK_REQUEST_HEADERS, webhookBody } from '../../events/webhook-envelope.ts';
import { Limitation } from '../shared/schemas/limitation.ts';
import { Nullable, UtcDateTime, Uuid } from '../shared/schemas/primitives.ts';
import { adminRoute } from './route.ts';
import { Empty } from './schemas.ts';

const tags = ['Admin: webhook deliveries'];

const Status = Type.Enum(WEBHOOK_DELIVERY_STATUSES, {
  description: 'Pending: waiting for its first attempt or a retry. Succeeded: answered 2xx. Failed: given up after WEBHOOK_GIVE_UP_AFTER_MS (kept until WEBHOOK_RETENTION_DAYS after the last attempt fell due).',
});

const WebhookAttemptDto = Type.Object({
  AttemptedUtc: UtcDateTime,
  Url: Type.String({ description: 'The URL that gave the final answer, without its query string (secrets there are never stored).' }),
  StatusCode: Nullable(Type.Integer({ description: 'The final HTTP status, after redirects; null when none came.' })),
  Error: Nullable(Type.String({ description: 'Why the attempt failed without a status (timeout, refused connection, private address, too many redirects).' })),
  DurationMs: Type.Integer(),
});

const WebhookDeliveryDto = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the delivery; also its requests\' `webhook-id` header.' },
  ApplicationId: Uuid,
  IntegrationId: { ...Uuid, description: 'The integration of the application and the enterprise that the body names.' },
  EnterpriseId: Uuid,
  Kind: Type.Enum(WEBHOOK_KINDS, {
    description: 'MessageAdded: a request to the WebhookUrl, with Events. Integration: an integration webhook to the IntegrationWebhookUrl, one event, its Action.',
  }),
  Action: Nullable(
    Type.Enum(INTEGRATION_WEBHOOK_ACTIONS, { description: 'The integration webhook\'s Action; null for MessageAdded.' }),
  ),
  Status,
  CreatedUtc: UtcDateTime,
  NextAttemptUtc: Nullable({ ...UtcDateTime, description: 'When a pending delivery is tried next; null otherwise.' }),
  Events: Type.Array(
    Type.Object({ Discriminator: Type.Literal('MessageAdded'), Value: Type.Object({ Id: Uuid }) }),
    { description: 'The MessageAdded events of the request body, in creation order; empty for an integration webhook.' },
  ),
  Body: Type.String({ description: 'The request body every attempt sends, byte for byte (JSON text): what the signature covers.' }),
  Headers: Type.Record(Type.String(), Type.String(), {
    description:
      'The request headers every attempt sends. Each attempt adds `webhook-timestamp` (its AttemptedUtc as Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `webhook-id.webhook-timestamp.Body` under the application\'s WebhookSecret).',
  }),
  Attempts: Type.Array(WebhookAttemptDto, { description: 'Every attempt, oldest first.' }),
});

const WebhookDeliveryGetAllParameters = Type.Object({
  ApplicationId: Uuid,
  Limitation,
  Status: Type.Optional(Status),
});
const WebhookDeliveriesResult = Type.Object({
  WebhookDeliveries: Type.Array(WebhookDeliveryDto),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest) delivery\'s Id: pass it back for the next page; null when the page is empty.' }),
});
const WebhookDeliveryRedeliverParameters = Type.Object({ DeliveryId: Uuid });

function toWebhookDeliveryDto(delivery: WebhookDelivery): Static<typeof WebhookDeliveryDto> {
  const utc = (ms: number) => formatUtc(Math.floor(ms / 1000));
  return {
    Id: delivery.id,
    ApplicationId: delivery.applicationId,
    IntegrationId: delivery.integrationId,
    EnterpriseId: delivery.enterpriseId,
    Kind: delivery.kind,
    Action: delivery.action,
    Status: delivery.status,
    CreatedUtc: utc(delivery.createdMs),
    NextAttemptUtc: delivery.nextAttemptMs === null ? null : utc(delivery.nextAttemptMs),
    Events: messageAddedEvents(delivery.messageIds),
    Body: delivery.body ?? webhookBody(delivery),
    Headers: { ...WEBHOOK_REQUEST_HEADERS, 'webhook-id': delivery.id },
    Attempts: delivery.attempts.map((attempt) => ({
      AttemptedUtc: utc(attempt.attemptedMs),
      Url: attempt.url,
      StatusCode: attempt.statusCode,
      Error: attempt.error,
      DurationMs: attempt.durationMs,
    })),
  };
}

/** The delivery log of the webhooks (MessageAdded and integration webhooks), and sending a delivery again. */
export const webhookDeliveryRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore & WebhookDeliveryLog }> = async (app, { store }) => {
  app.post(
    '/webhookDeliveries/getAll',
    adminRoute({
      tags,
      operationId: 'admin_webhookDeliveries_getAll',
      summary: 'Get all webhook deliveries',
      description:
        'An application\'s webhook deliveries of both kinds (MessageAdded, Integration), newest first, each with its events or action and every attempt (time, URL without query string, HTTP status or error, duration); optionally only those with one Status. Deliveries that ended are kept WEBHOOK_RETENTION_DAYS after their last attempt fell due.',
      body: WebhookDeliveryGetAllParameters,
      response: WebhookDeliveriesResult,
    }),
    async (request) => {
      const { ApplicationId, Limitation: limitation, Status: status } = request.body;
      const page = await getWebhookDeliveries(store, { applicationId: ApplicationId, limitation, status });
      return { WebhookDeliveries: page.items.map(toWebhookDeliveryDto), Cursor: page.cursor };
    },
  );

  app.post(
    '/webhookDeliveries/redeliver',
    adminRoute({
      tags,
      operationId: 'admin_webhookDeliveries_redeliver',
      summary: 'Redeliver webhook',
      description:
        'Sends a delivery again, whatever its status, with the same webhook-id and events: it becomes Pending and due now, with a fresh retry window.',
      body: WebhookDeliveryRedeliverParameters,
      response: Empty,
    }),
    async (request) => {
      await redeliverWebhookDelivery(store, request.body.DeliveryId);
      return {};
    },
  );
};
