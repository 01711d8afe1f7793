import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ActivityHub } from '../../src/events/activity-hub.ts';
import { backgroundWork, type BackgroundWorkOptions } from '../../src/events/background-work.ts';
import { SessionEnds } from '../../src/events/session-ends.ts';
import { startPeriodicTask } from '../../src/events/periodic-task.ts';
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
    queuesWithDueWebhooks: async () => (calls.push('dispatcher: queuesWithDueWebhooks'), []),
    claimWebhookDelivery: async () => undefined,
    renewWebhookLease: async () => true,
    recordWebhookAttempt: async () => {},
    countUndeliveredWebhookEvents: async () => ({ MessageAdded: 0, Integration: 0 }),
    pruneWebhookDeliveries: () => (calls.push('retention: pruneWebhookDeliveries'), pruning),
    pruneActivity: async () => void calls.push('retention: pruneActivity'),
    listExpiredSandboxes: async () => (calls.push('retention: listExpiredSandboxes'), []),
    administer: async () => {
      throw new Error('nothing expired: no sandbox is removed');
    },
    onWebhookEventsCommitted: () => () => calls.push('dispatcher: unsubscribed'),
    hasDueAutoReplies: async () => (calls.push('auto-replies: hasDueAutoReplies'), false),
    write: async () => {
      throw new Error('nothing due: no auto-reply is sent');
    },
  };
  return { store, calls, release };
}

function work(store: ReturnType<typeof fakeStore>['store']) {
  const log = { warn: () => {}, error: () => {} };
  return backgroundWork({
    store,
    hub: new ActivityHub({ store, sessions: new SessionEnds({ findStaffSessions: async () => new Map() }), log, intervalMs: 200 }),
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

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the background work', () => {
  it('starts the activity hub, then the webhook dispatcher, then the pruning, and is started once the first pruning ended', async () => {
    const { store, calls, release } = fakeStore();
    const background = work(store);
    let started = false;
    const starting = background.start().then(() => (started = true));
    await flush();
    const first = (part: string) => calls.findIndex((call) => call.startsWith(part));
    expect(first('hub')).toBe(0);
    expect(first('dispatcher')).toBeGreaterThan(first('hub'));
    expect(first('retention')).toBeGreaterThan(first('dispatcher'));
    expect(started).toBe(false);
    release();
    await starting;
    expect(first('auto-replies')).toBeGreaterThan(first('retention'));
    await background.stop();
    expect(calls).toContain('dispatcher: unsubscribed');
  });

  it('can be stopped without having started', async () => {
    await expect(work(fakeStore().store).stop()).resolves.toBeUndefined();
  });
});

describe('a periodic task', () => {
  it('resolves stop only once the run in progress has ended, so that the store can close after it', async () => {
    let release!: () => void;
    let runs = 0;
    const task = await startPeriodicTask(
      async () => {
        runs += 1;
        if (runs === 2) await new Promise<void>((resolve) => (release = resolve));
      },
      { everyMs: 0, onError: () => {} },
    );
    while (runs < 2) await flush();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(runs).toBe(2);
  });
});
