import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { WEBHOOK_KINDS, type WebhookKind } from '../domain/webhook-delivery-log.ts';

/** Every metric is labelled with the webhook's `kind`: `MessageAdded` or `Integration`. */
export interface WebhookMetrics {
  /** Attempts by outcome: `succeeded`, `retrying` (failed, will be retried) or `failed` (given up). */
  readonly attempts: Counter<'kind' | 'outcome'>;
  /** From an event's commit to the 2xx answer that delivered it. */
  readonly latency: Histogram<'kind'>;
}

/** The webhook dispatcher's metrics, on the server's registry; the queue depth is counted when scraped. */
export function webhookMetrics(registry: Registry, queueDepth: () => Promise<Record<WebhookKind, number>>): WebhookMetrics {
  new Gauge({
    name: 'webhook_queue_depth',
    help: 'Webhook events committed and not yet delivered (waiting, or in a delivery being retried), by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const depth = await queueDepth();
      for (const kind of WEBHOOK_KINDS) this.set({ kind }, depth[kind]);
    },
  });
  return {
    attempts: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by kind and outcome: succeeded, retrying, failed (given up)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'webhook_delivery_latency_seconds',
      help: 'Time from a webhook event being committed to its successful delivery, by kind',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    }),
  };
}
