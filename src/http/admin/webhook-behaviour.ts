import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import {
  DEFAULT_FAIL_NEXT_STATUS,
  getWebhookBehaviour,
  MAX_FAIL_NEXT_COUNT,
  MAX_LAG_MS,
  updateWebhookBehaviour,
  type WebhookBehaviour as DomainWebhookBehaviour,
  type WebhookBehaviourStore,
} from '../../domain/webhook-behaviour.ts';
import { Nullable, Uuid } from '../shared/schemas/primitives.ts';
import { adminRoute } from './route.ts';
import { SandboxParameters } from './schemas.ts';

const tags = ['Admin: sandboxes'];

const WebhookBehaviour = Type.Object({
  SandboxId: Uuid,
  LagMs: Type.Integer({ description: 'Each delivery\'s first attempt is due this long after its event (0: at once).' }),
  LagJitterMs: Type.Integer({ description: 'Plus a random time from 0 to this.' }),
  FailNextCount: Type.Integer({ description: 'How many of the next attempts still fail without a request.' }),
  FailNextStatus: Nullable(Type.Integer({ description: 'The HTTP status those attempts are recorded with; null with FailNextTimeout.' })),
  FailNextTimeout: Type.Boolean({ description: 'true: those attempts are recorded as timeouts.' }),
  DuplicateProbability: Type.Number({ description: 'The chance that a delivery is sent twice, with the same webhook-id.' }),
  Reorder: Type.Boolean({ description: 'true: deliveries due together go out in shuffled order (drawn from the sandbox\'s Seed when it has one).' }),
});

const WebhookBehaviourUpdateParameters = Type.Object({
  SandboxId: Uuid,
  LagMs: Type.Optional(Nullable(Type.Number({ description: `0 to ${MAX_LAG_MS}; null resets it to 0.` }))),
  LagJitterMs: Type.Optional(Nullable(Type.Number({ description: `0 to ${MAX_LAG_MS}; null resets it to 0.` }))),
  FailNext: Type.Optional(
    Nullable(
      Type.Object(
        {
          Count: Type.Number({ description: `1 to ${MAX_FAIL_NEXT_COUNT} attempts.` }),
          Status: Type.Optional(Type.Number({ description: `400 to 599; ${DEFAULT_FAIL_NEXT_STATUS} when neither it nor Timeout is given.` })),
          Timeout: Type.Optional(Type.Boolean({ description: 'true: recorded as a timeout instead of a status.' })),
        },
        { description: 'The next Count attempts of the sandbox\'s webhooks fail without contacting the receiver; null stops that.' },
      ),
    ),
  ),
  DuplicateProbability: Type.Optional(Nullable(Type.Number({ description: '0 to 1; null resets it to 0.' }))),
  Reorder: Type.Optional(Nullable(Type.Boolean({ description: 'null resets it to false.' }))),
});

const WebhookBehaviourResult = Type.Object({ WebhookBehaviour });

function toWebhookBehaviourDto(behaviour: DomainWebhookBehaviour): Static<typeof WebhookBehaviour> {
  return {
    SandboxId: behaviour.sandboxId,
    LagMs: behaviour.lagMs,
    LagJitterMs: behaviour.lagJitterMs,
    FailNextCount: behaviour.failNextCount,
    FailNextStatus: behaviour.failNextStatus,
    FailNextTimeout: behaviour.failNextTimeout,
    DuplicateProbability: behaviour.duplicateProbability,
    Reorder: behaviour.reorder,
  };
}

/** How a sandbox's webhooks misbehave on purpose: lag, failures, duplicates, reordering. */
export const webhookBehaviourRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore & WebhookBehaviourStore }> = async (app, { store }) => {
  app.post(
    '/webhookBehaviour/update',
    adminRoute({
      tags,
      operationId: 'admin_webhookBehaviour_update',
      summary: 'Update webhook behaviour',
      description:
        'Makes the webhooks (MessageAdded and integration webhooks) of the sandbox\'s applications lag, fail, repeat or arrive out of order, in every server process. Absent fields keep their value, null resets one. The public service\'s lag is LagMs 120000 with LagJitterMs 180000. Resetting the sandbox returns it to the defaults: delivery at once.',
      body: WebhookBehaviourUpdateParameters,
      response: WebhookBehaviourResult,
    }),
    async (request) => {
      const { SandboxId, LagMs, LagJitterMs, FailNext, DuplicateProbability, Reorder } = request.body;
      const behaviour = await updateWebhookBehaviour(store, SandboxId, {
        lagMs: LagMs,
        lagJitterMs: LagJitterMs,
        failNext: FailNext && { count: FailNext.Count, status: FailNext.Status, timeout: FailNext.Timeout },
        duplicateProbability: DuplicateProbability,
        reorder: Reorder,
      });
      return { WebhookBehaviour: toWebhookBehaviourDto(behaviour) };
    },
  );

  app.post(
    '/webhookBehaviour/get',
    adminRoute({
      tags,
      operationId: 'admin_webhookBehaviour_get',
      summary: 'Get webhook behaviour',
      description: 'The sandbox\'s webhook behaviour; the defaults (delivery at once) when none was set.',
      body: SandboxParameters,
      response: WebhookBehaviourResult,
    }),
    async (request) => ({ WebhookBehaviour: toWebhookBehaviourDto(await getWebhookBehaviour(store, request.body.SandboxId)) }),
  );
};
