import type { BaseLogger } from 'pino';
import type { AdminStore } from '../domain/admin-store.ts';
import { sendDueAutoReplies } from '../domain/auto-replies.ts';
import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import type { MessagingStore } from '../domain/store.ts';
import type { WebhookOutbox } from '../domain/webhook-outbox.ts';
import type { ActivityHub } from './activity-hub.ts';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.ts';
import { startRetention } from './retention.ts';
import { startWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';

/** How often a process looks for due auto-replies of sandboxes: a read, a write only when one is due. */
const AUTO_REPLY_POLL_MS = 250;

export interface BackgroundWorkOptions {
  readonly store: WebhookOutbox &
    Pick<AdminStore, 'listExpiredSandboxes' | 'administer'> &
    Pick<EnterpriseStore, 'pruneActivity'> &
    Pick<MessagingStore, 'hasDueAutoReplies' | 'write'> & {
      /** Calls `listener` after each commit of this process that recorded webhook events; returns the unsubscribe. */
      onWebhookEventsCommitted(listener: () => void): () => void;
    };
  /** The activity feed's fan-out, which the live event streams subscribe to. */
  readonly hub: ActivityHub;
  readonly webhooks: Omit<WebhookDispatcherOptions, 'outbox' | 'log'>;
  /** How long a webhook delivery that ended stays in the log. */
  readonly webhookRetentionMs: number;
  readonly log: Pick<BaseLogger, 'warn' | 'error'>;
}

export interface BackgroundWork {
  /** Starts the activity hub, then the webhook dispatcher, then the pruning; resolves once the first pruning ended. */
  start(): Promise<void>;
  /**
   * Stops what started, in the reverse order, each after what it is doing (a webhook request in flight is answered and
   * recorded): once this resolves nothing of it uses the store. Safe to call whether or not `start` ran or succeeded.
   */
  stop(): Promise<void>;
}

/**
 * What a server process does besides answering requests: the two pollers (the activity feed for the live streams, the
 * webhook outbox), the pruning of what both leave behind, the removal of expired sandboxes and the sending of their due
 * auto-replies. The server starts it before it listens and stops it before it closes the store.
 */
export function backgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const stops: (() => Promise<void>)[] = [];
  return {
    async start() {
      await options.hub.start();
      stops.push(() => options.hub.stop());

      const dispatcher: WebhookDispatcher = startWebhookDispatcher({ ...options.webhooks, outbox: options.store, log: options.log });
      const unsubscribe = options.store.onWebhookEventsCommitted(() => dispatcher.wake());
      stops.push(async () => {
        unsubscribe();
        await dispatcher.stop();
      });

      const retention: PeriodicTask = await startRetention({ store: options.store, webhookRetentionMs: options.webhookRetentionMs, log: options.log });
      stops.push(() => retention.stop());

      const autoReplies = await startPeriodicTask(async () => void (await sendDueAutoReplies(options.store)), {
        everyMs: AUTO_REPLY_POLL_MS,
        onError: (error) => options.log.error({ err: error }, 'due auto-replies could not be sent; retrying shortly'),
      });
      stops.push(() => autoReplies.stop());
    },
    async stop() {
      while (stops.length > 0) await stops.pop()!();
    },
  };
}
