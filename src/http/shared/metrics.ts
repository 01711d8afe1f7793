import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of this server; other parts add their own metrics to it. */
    metrics: Registry;
  }
}

/** Request counts and latency by operation and status, plus the process's own metrics. */
export const metrics = fp(
  async function metrics(app: FastifyInstance) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const labelNames = ['operation', 'status'] as const;
    const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its response being sent',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.decorate('metrics', registry);
    // The series of each operation and status, found once: resolving labels on every request costs more than counting.
    const seriesOf = (labels: { operation: string; status: string }) => ({
      counter: requests.labels(labels),
      histogram: duration.labels(labels),
    });
    const series = new Map<string, ReturnType<typeof seriesOf>>();
    app.addHook('onResponse', (request, reply, done) => {
      // Unmatched addresses share one label, so that probing cannot grow the series without bound.
      const operation = request.routeOptions.url ?? 'unmatched';
      const key = `${reply.statusCode} ${operation}`;
      let found = series.get(key);
      if (!found) {
        found = seriesOf({ operation, status: String(reply.statusCode) });
        series.set(key, found);
      }
      found.counter.inc();
      found.histogram.observe(reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'metrics' },
);
