import type { ServerOptions } from 'node:http';
import { sweepIntervalMs } from './in-flight.ts';

/** The largest header section (request line and headers) read; a larger one is `431` (see `answerClientError`). */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Options of Node's HTTP server (Fastify's `http` option): headers must arrive within `timeoutMs`, as bodies must
 * (see in-flight.ts), checked as often as the sweep of requests in flight; a missing `Host` is answered by the
 * `hostHeader` plugin in the contract's terms rather than by Node with an empty body.
 */
export function httpServerOptions(options: { timeoutMs: number }): ServerOptions {
  return {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: options.timeoutMs,
    connectionsCheckingInterval: sweepIntervalMs(options.timeoutMs),
    requireHostHeader: false,
  };
}
