import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import type { SandboxId } from '../../domain/model.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { RequestJournalWriter } from '../../events/request-journal-writer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The answer's serialized body, kept by reference for the request journal. */
    journalPayload: unknown;
  }
}

/** The fault injection's mark on a request it answered, where that feature is present. */
type MaybeFaulted = { firedFaultId?: string | null };

/**
 * Records the Connector API's requests of sandboxes in the request journal, after they were answered: `onSend` keeps a
 * reference to the body sent, `onResponse` hands the entry to the writer, which masks and writes in batches. A request
 * answered before authentication (a body that fails validation, the request limit) is looked up by its AccessToken then, off the
 * request's path; one with an unknown token belongs to no sandbox and is not recorded.
 */
export const connectorJournal = fp(
  async function connectorJournal(app: FastifyInstance, options: { writer: RequestJournalWriter; store: MessagingStore }) {
    app.decorateRequest('journalPayload', undefined);

    async function sandboxOf(request: FastifyRequest): Promise<SandboxId | null> {
      if (request.sandboxId !== undefined) return request.sandboxId;
      const token = (request.body as { AccessToken?: unknown } | undefined)?.AccessToken;
      if (typeof token !== 'string') return null;
      try {
        // A fault answers before authentication, with the grant it looked up.
        const grant = request.accessTokenGrant ?? options.store.findAccessTokenGrant(hashAccessToken(token));
        return (await grant)?.sandboxId ?? null;
      } catch {
        // The database is unavailable: the entry could not be written either.
        return null;
      }
    }

    app.addHook('onSend', async function keepPayload(request, _reply, payload) {
      // A reference, whatever the sandbox: whether there is one may be known only after the answer.
      if (request.sandboxId !== null) request.journalPayload = payload;
      return payload;
    });

    app.addHook('onResponse', async function journal(request: FastifyRequest, reply: FastifyReply) {
      if (request.sandboxId === null) return;
      const durationMs = reply.elapsedTime;
      const sandboxId = await sandboxOf(request);
      if (sandboxId === null) return;
      options.writer.record({
        sandboxId,
        method: request.method,
        operation: request.url.slice(app.prefix.length + 1).split('?')[0]!,
        status: reply.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        requestId: request.id,
        createdMs: Math.round(Date.now() - durationMs),
        requestBody: request.body,
        responsePayload: request.journalPayload,
        faultId: (request as MaybeFaulted).firedFaultId ?? null,
      });
    });
  },
  { name: 'connector-journal' },
);
