import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WebhookMetrics {
  /** Attempts by outcome: `succeeded`, `retrying` (failed, will be retried) or `failed` (given up). */
  readonly attempts: Counter<'outcome'>;
  /** From an event's commit to the 2xx answer that delivered it. */
  readonly latency: Histogram;
}

/** The webhook dispatcher's metrics, on the server's registry; the queue depth is counted when scraped. */
export function webhookMetrics(registry: Registry, queueDepth: () => Promise<number>): WebhookMetrics {
  new Gauge({
    name: 'webhook_queue_depth',
    help: 'MessageAdded events committed and not yet delivered (waiting, or in a delivery being retried)',
    registers: [registry],
    async collect() {
      this.set(await queueDepth());
    },
  });
  return {
    attempts: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded, retrying, failed (given up)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'webhook_delivery_latency_seconds',
      help: 'Time from a MessageAdded event being committed to its successful delivery',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    }),
  };
}
