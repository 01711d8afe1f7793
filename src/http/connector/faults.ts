import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import { meetFault, type Fault, type FaultStatus, type FaultStore } from '../../domain/faults.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { ConnectorApiExceptionResult } from '../shared/schemas/connector-api-exception-result.ts';
import { sendError } from '../shared/response-contract.ts';
import { accessTokenGrantOf } from './authenticate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault this Connector request met (fired), for the request journal; null when none. */
    firedFaultId: string | null;
    /** A fault with AfterCommit, answered once the request's own answer is ready. */
    faultAfterCommit: Fault | null;
  }
}

// The contract's message of each status, marked as injected so that nobody takes it for a real failure.
const FAULT_MESSAGES: Record<FaultStatus, string> = {
  400: 'Invalid request (fault injected by the sandbox).',
  401: 'Invalid ClientToken or AccessToken (fault injected by the sandbox).',
  403: 'The operation is not allowed (fault injected by the sandbox).',
  408: 'The request took too long to process; ask for less data at a time (fault injected by the sandbox).',
  409: 'The request conflicts with another one (fault injected by the sandbox).',
  429: 'Too many requests (fault injected by the sandbox).',
  500: 'An unexpected error occurred (fault injected by the sandbox).',
  503: 'The service is unavailable; retry later (fault injected by the sandbox).',
};
/** As the storage's own 503 (`StorageUnavailableError`). */
const UNAVAILABLE_RETRY_AFTER_S = 5;

/** The headers the contract's answer of `status` carries beyond Request-Id and Content-Type. */
function faultHeaders(fault: Fault & { status: FaultStatus }): Record<string, string> {
  if (fault.status === 429) return { 'Retry-After': String(fault.retryAfterS) };
  if (fault.status === 503) return { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S) };
  // As the request timeout's own 408 (see in-flight.ts): the connection does not go on.
  if (fault.status === 408) return { Connection: 'close' };
  return {};
}

/**
 * Closes the connection with no answer at all: the client sees a reset or a hang-up. Logged, as no "request completed"
 * line follows.
 */
function dropConnection(request: FastifyRequest, reply: FastifyReply | undefined): void {
  request.log.info({ faultId: request.firedFaultId }, 'connection dropped by a sandbox fault');
  reply?.hijack();
  request.raw.socket.destroy();
}

/**
 * Fault injection of the sandboxes (`faults/*` of the admin API), run before the request limit: a request whose
 * AccessToken is a sandbox's meets the oldest of the sandbox's faults that matches it (see `meetFault`). A request of
 * a token outside any sandbox, or of a sandbox without faults, pays for nothing more than the grant lookup
 * authentication makes anyway (found once, then left on the request; the grant tells whether its sandbox has faults);
 * one of a sandbox with faults, one indexed read of them. Disabled (production without SANDBOX_API), no hook at all.
 */
export const connectorFaults = fp(
  async function connectorFaults(app: FastifyInstance, options: { store: MessagingStore & FaultStore; enabled: boolean }) {
    app.decorateRequest('firedFaultId', null);
    app.decorateRequest('faultAfterCommit', null);
    if (!options.enabled) return;
    const { store } = options;

    app.addHook('preHandler', async function injectFault(request: FastifyRequest, reply: FastifyReply) {
      const { AccessToken } = request.body as { AccessToken: string };
      request.accessTokenHash = hashAccessToken(AccessToken);
      const grant = await accessTokenGrantOf(request, store);
      if (!grant?.sandboxId || !grant.sandboxHasFaults) return;
      const armed = await store.findArmedFaults(grant.sandboxId);
      if (armed.faults.length === 0) return;
      const operation = request.routeOptions.url!.split('/').slice(-2).join('/');
      const fault = await meetFault(store, armed, { operation, accessToken: AccessToken });
      if (!fault) return;
      request.firedFaultId = fault.id;
      // Before the work even with AfterCommit: a delay past REQUEST_TIMEOUT_MS then ends in the request timeout's 408.
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (reply.sent) return reply;
      if (fault.afterCommit) {
        request.faultAfterCommit = fault;
        return;
      }
      if (fault.drop) return dropConnection(request, reply);
      if (fault.status !== null) {
        reply.headers(faultHeaders({ ...fault, status: fault.status }));
        return sendError(reply, fault.status, FAULT_MESSAGES[fault.status]);
      }
    });

    // The request's work is done (and its write committed) by now: its answer is what the fault replaces.
    app.addHook('onSend', async function answerFaultAfterCommit(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      const fault = request.faultAfterCommit;
      if (!fault) return payload;
      request.faultAfterCommit = null;
      if (fault.drop) {
        // Too late to hijack: the socket is destroyed under the answer about to be written, which goes nowhere.
        dropConnection(request, undefined);
        return payload;
      }
      if (fault.status === null) return payload;
      const body: ConnectorApiExceptionResult = { Message: FAULT_MESSAGES[fault.status], RequestId: request.id, Details: null };
      reply.code(fault.status).type('application/json; charset=utf-8').headers(faultHeaders({ ...fault, status: fault.status }));
      return JSON.stringify(body);
    });
  },
  { name: 'connector-faults' },
);
