import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { answerClientError } from './client-error.ts';
import { connectMethod } from './connect-method.ts';
import { contentEncoding } from './content-encoding.ts';
import { expectation } from './expectation.ts';
import { answerFrameworkError } from './framework-errors.ts';
import { hostHeader } from './host-header.ts';
import { httpServerOptions } from './http-server-options.ts';
import { jsonBody } from './json-body.ts';

export interface TransportLimits {
  /** Headers, like bodies, must arrive within this (REQUEST_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** The largest body, as received and decompressed (BODY_LIMIT_BYTES). */
  readonly bodyLimitBytes: number;
}

/**
 * The options of Fastify, and of Node's server below it, that make what they answer before a route runs follow the
 * contract (CONTRACT.md, "Transport" and "Errors"): the error body and a unique `Request-Id`.
 */
export function transportOptions(limits: TransportLimits) {
  return {
    http: httpServerOptions(limits),
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  };
}

/** The rest of the transport: `Host`, `Expect`, `CONNECT`, content codings and the JSON body. */
export const transport = fp(
  async function transport(app: FastifyInstance, limits: TransportLimits) {
    await app.register(hostHeader);
    await app.register(expectation);
    await app.register(connectMethod);
    await app.register(contentEncoding, { limitBytes: limits.bodyLimitBytes });
    await app.register(jsonBody);
  },
  { name: 'transport', dependencies: ['response-contract'] },
);
