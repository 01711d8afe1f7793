import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ClaimedDelivery, WebhookOutbox } from '../../src/domain/webhook-outbox.ts';
import { webhookDeliveryPolicy } from '../../src/events/webhook-delivery-policy.ts';
import { startWebhookDispatcher } from '../../src/events/webhook-dispatcher.ts';
import { webhookMetrics } from '../../src/events/webhook-metrics.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the webhook dispatcher', () => {
  it('gives back, unsent, a claim that came in while it was stopping, so that another process takes it at once', async () => {
    let answerClaim!: (claimed: ClaimedDelivery) => void;
    const renewals: { nowMs: number; untilMs: number }[] = [];
    let recorded = 0;
    const outbox: WebhookOutbox = {
      queuesWithDueWebhooks: async () => [{ applicationId: 'application', kind: 'MessageAdded' }],
      claimWebhookDelivery: () => new Promise((resolve) => (answerClaim = resolve)),
      renewWebhookLease: async (_claimed, nowMs, untilMs) => (renewals.push({ nowMs, untilMs }), true),
      recordWebhookAttempt: async () => void recorded++,
      pruneWebhookDeliveries: async () => 0,
      countUndeliveredWebhookEvents: async () => ({ MessageAdded: 0, Integration: 0 }),
    };
    const dispatcher = startWebhookDispatcher({
      outbox,
      timeoutMs: 1000,
      policy: webhookDeliveryPolicy({ retry: { initialMs: 10, maxMs: 100 }, giveUpAfterMs: 1000, holdBackMs: 100 }),
      allowPrivate: true,
      pollIntervalMs: 60_000,
      metrics: webhookMetrics(new Registry(), outbox.countUndeliveredWebhookEvents),
      log: { warn: () => {}, error: () => {} },
    });
    while (!answerClaim) await flush();
    const stopping = dispatcher.stop();
    answerClaim({
      id: 'delivery',
      kind: 'MessageAdded',
      applicationId: 'application',
      integrationId: 'integration',
      enterpriseId: 'enterprise',
      url: 'http://127.0.0.1:9/hook',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      attemptCount: 0,
      windowStartMs: 0,
      leaseToken: 'token',
      messageIds: ['message'],
      eventCreatedMs: [0],
    });
    await stopping;
    expect(renewals).toHaveLength(1);
    expect(renewals[0]!.untilMs).toBe(renewals[0]!.nowMs);
    expect(recorded).toBe(0);
  });
});
