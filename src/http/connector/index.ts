import type { FastifyInstance } from 'fastify';
import type { FaultStore } from '../../domain/faults.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import type { RequestJournalWriter } from '../../events/request-journal-writer.ts';
import { connectorAuthentication } from './authenticate.ts';
import { connectorJournal } from './journal.ts';
import { connectorFaults } from './faults.ts';
import { messageThreadRoutes } from './message-threads.ts';
import { messageRoutes } from './messages.ts';
import { connectorRequestLimit } from './request-limit.ts';

export const CONNECTOR_PREFIX = '/api/connector/v1';

/**
 * The Connector API: `POST /api/connector/v1/{resource}/{action}`, each guarded by the sandboxes' faults (where
 * `faults` says), the request limit, then the tokens; with a journal writer (SANDBOX_API), sandboxes' requests are
 * recorded.
 */
export async function connectorApi(
  app: FastifyInstance,
  options: { store: MessagingStore & FaultStore; limiter: RequestLimiter; faults: boolean; journal?: RequestJournalWriter | undefined },
) {
  await app.register(connectorFaults, { store: options.store, enabled: options.faults });
  await app.register(connectorRequestLimit, { limiter: options.limiter });
  await app.register(connectorAuthentication, { store: options.store });
  if (options.journal) await app.register(connectorJournal, { writer: options.journal, store: options.store });
  await app.register(messageThreadRoutes, { store: options.store });
  await app.register(messageRoutes, { store: options.store });
}
