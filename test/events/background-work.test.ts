import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ActivityHub } from '../../src/events/activity-hub.ts';
import { backgroundWork, type BackgroundWorkOptions } from '../../src/events/background-work.ts';
import { webhookDeliveryPolicy } from '../../src/events/webhook-delivery-policy.ts';
import { webhookMetrics } from '../../src/events/webhook-metrics.ts';

/** A store that logs what is asked of it; the webhook log's pruning answers only when released. */
function fakeStore() {
  const calls: string[] = [];
  let release!: () => void;
  const pruning = new Promise<number>((resolve) => (release = () => resolve(0)));
  const store: BackgroundWorkOptions['store'] & ConstructorParameters<typeof ActivityHub>[0]['store'] = {
    latestActivitySeq: async () => (calls.push('hub: latestActivitySeq'), 0),
    readActivity: async () => (calls.push('hub: readActivity'), []),
    integrationsWithDueWebhooks: async () => (calls.push('dispatcher: integrationsWithDueWebhooks'), []),
    claimWebhookDelivery: async () => undefined,
    recordWebhookAttempt: async () => {},
    countUndeliveredWebhookEvents: async () => 0,
    pruneWebhookDeliveries: () => (calls.push('retention: pruneWebhookDeliveries'), pruning),
    pruneActivity: async () => void calls.push('retention: pruneActivity'),
    onWebhookEventsCommitted: () => () => calls.push('dispatcher: unsubscribed'),
  };
  return { store, calls, release };
}

function work(store: ReturnType<typeof fakeStore>['store']) {
  const log = { warn: () => {}, error: () => {} };
  return backgroundWork({
    store,
    hub: new ActivityHub({ store, log }),
    webhooks: {
      timeoutMs: 1000,
      policy: webhookDeliveryPolicy({ retry: { initialMs: 10, maxMs: 100 }, giveUpAfterMs: 1000, holdBackMs: 100 }),
      allowPrivate: true,
      pollIntervalMs: 60_000,
      metrics: webhookMetrics(new Registry(), store.countUndeliveredWebhookEvents),
    },
    webhookRetentionMs: 86_400_000,
    log,
  });
}

describe('the background work', () => {
  it('starts the activity hub, then the webhook dispatcher, then the pruning', async () => {
    const { store, calls, release } = fakeStore();
    const background = work(store);
    await background.start();
    const first = (part: string) => calls.findIndex((call) => call.startsWith(part));
    expect(first('hub')).toBe(0);
    expect(first('dispatcher')).toBeGreaterThan(first('hub'));
    expect(first('retention')).toBeGreaterThan(first('dispatcher'));
    release();
    await background.stop();
  });

  it('resolves stop only once a prune in progress has ended, so that the store can close after it', async () => {
    const { store, calls, release } = fakeStore();
    const background = work(store);
    await background.start();
    let stopped = false;
    const stopping = background.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(calls).toContain('dispatcher: unsubscribed');
  });

  it('can be stopped without having started', async () => {
    await expect(work(fakeStore().store).stop()).resolves.toBeUndefined();
  });
});
