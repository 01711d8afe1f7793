import type { BaseLogger } from 'pino';
import type { AdminStore } from '../domain/admin-store.ts';
import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import type { WebhookOutbox } from '../domain/webhook-outbox.ts';
import { removeExpiredSandboxes } from '../domain/sandboxes.ts';
import { nowUtc } from '../domain/time.ts';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.ts';

/** The webhook delivery log is pruned at start and then hourly, in batches short enough not to hold a write lock long. */
const PRUNE_WEBHOOKS_EVERY_MS = 3_600_000;
const PRUNE_WEBHOOKS_BATCH = 500;
/** Live clients only ever need the last few seconds of the activity feed; a day is kept. */
const KEEP_ACTIVITY_S = 24 * 60 * 60;
const PRUNE_ACTIVITY_EVERY_MS = 10 * 60 * 1000;
/** Sandboxes live whole minutes (TimeToLiveMinutes): one is removed within a minute of expiring. */
const SWEEP_SANDBOXES_EVERY_MS = 60_000;

export interface RetentionOptions {
  readonly store: Pick<WebhookOutbox, 'pruneWebhookDeliveries'> &
    Pick<EnterpriseStore, 'pruneActivity'> &
    Pick<AdminStore, 'listExpiredSandboxes' | 'administer'>;
  /** How long a delivery that ended stays in the log (WEBHOOK_RETENTION_DAYS), counted as `webhookRetentionCutoffMs` says. */
  readonly webhookRetentionMs: number;
  readonly log: Pick<BaseLogger, 'error'>;
}

/**
 * Where the webhook log's retention counts from: when a delivery's last attempt fell due (its `next_attempt_ms`, which
 * stops moving once the delivery ends). That is when it was last tried, give or take a poll; for a delivery given up
 * because its URL was removed, when it would have been tried next. Ended deliveries due before the returned instant go;
 * pending ones never do.
 */
export function webhookRetentionCutoffMs(nowMs: number, retentionMs: number): number {
  return nowMs - retentionMs;
}

/**
 * Removes what the tables no longer need to keep (expired sandboxes included), in every process (each removal is safe
 * to run concurrently): now, resolving once that first pruning has ended, and then periodically.
 */
export async function startRetention(options: RetentionOptions): Promise<PeriodicTask> {
  const webhooks = await startPeriodicTask(
    async (stopping) => {
      const cutoffMs = webhookRetentionCutoffMs(Date.now(), options.webhookRetentionMs);
      let removed: number;
      do removed = await options.store.pruneWebhookDeliveries(cutoffMs, PRUNE_WEBHOOKS_BATCH);
      while (!stopping() && removed === PRUNE_WEBHOOKS_BATCH);
    },
    {
      everyMs: PRUNE_WEBHOOKS_EVERY_MS,
      onError: (error) => options.log.error({ err: error }, 'webhook delivery log could not be pruned; retrying in an hour'),
    },
  );
  const activity = await startPeriodicTask(() => options.store.pruneActivity(nowUtc() - KEEP_ACTIVITY_S), {
    everyMs: PRUNE_ACTIVITY_EVERY_MS,
    onError: (error) => options.log.error({ err: error }, 'activity feed could not be pruned; retrying later'),
  });
  // Each sandbox goes in a transaction of its own; processes sweeping at once pass over what another removed.
  const sandboxes = await startPeriodicTask(async () => void (await removeExpiredSandboxes(options.store)), {
    everyMs: SWEEP_SANDBOXES_EVERY_MS,
    onError: (error) => options.log.error({ err: error }, 'expired sandboxes could not be removed; retrying in a minute'),
  });
  return {
    async stop() {
      await Promise.all([webhooks.stop(), activity.stop(), sandboxes.stop()]);
    },
  };
}
