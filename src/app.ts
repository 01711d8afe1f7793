import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { adminTokenOf, SANDBOX_ADMIN_TOKEN, type Config } from './config/config.ts';
import type { ActivityHub } from './events/activity-hub.ts';
import type { RequestJournalWriter } from './events/request-journal-writer.ts';
import { ADMIN_PREFIX, adminApi } from './http/admin/index.ts';
import { CONNECTOR_PREFIX, connectorApi } from './http/connector/index.ts';
import { ENTERPRISE_PREFIX, enterpriseApi } from './http/enterprise/index.ts';
import { inboxApp } from './http/enterprise/inbox-app.ts';
import { responseContract } from './http/shared/response-contract.ts';
import { metrics } from './http/shared/metrics.ts';
import type { RequestLimiter } from './http/shared/rate-limit.ts';
import { RequestLog } from './http/shared/request-log.ts';
import { IDLE_GRACE_MS, inFlight } from './http/shared/in-flight.ts';
import { lazySchemaCompilers } from './http/shared/lazy-schema-compilers.ts';
import { transport, transportOptions } from './http/shared/transport.ts';
import { apiDocs } from './http/system/api-docs.ts';
import { consoleApp, uiCommonFiles } from './http/system/console-app.ts';
import { landingPageRoute } from './http/system/landing-page.ts';
import { systemRoutes } from './http/system/index.ts';
import type { Store } from './store/store.ts';

export interface AppDependencies {
  readonly config: Config;
  readonly store: Store;
  readonly limiter: RequestLimiter;
  /** The activity feed's fan-out the live event streams subscribe to; the server starts and stops it. */
  readonly hub: ActivityHub;
  /** Where sandboxes' Connector API requests are recorded; absent, none are (see `requestJournal` in server.ts). */
  readonly journal?: RequestJournalWriter | undefined;
  /** How long a keep-alive connection idle at the close may still bring a request (default `IDLE_GRACE_MS`). */
  readonly idleGraceMs?: number | undefined;
}

/** Secrets that must never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.ClientToken',
  '*.AccessToken',
  '*.Password',
  '*.SessionToken',
];

/**
 * The whole server as one Fastify instance, not yet listening: the contract's shared behaviour first, then the
 * documentation, then each API surface under its prefix.
 */
export async function buildApp({ config, store, limiter, hub, journal, idleGraceMs = IDLE_GRACE_MS }: AppDependencies): Promise<FastifyInstance> {
  const limits = { timeoutMs: config.REQUEST_TIMEOUT_MS, bodyLimitBytes: config.BODY_LIMIT_BYTES };
  const app = Fastify({
    ...transportOptions(limits),
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Written to stdout asynchronously: the lines that come while one write is under way go out in the next, instead
      // of one blocking write per request. pino writes what is left when the process exits.
      stream: pino.destination({ dest: 1, sync: false }),
    },
    logController: new RequestLog(),
    genReqId: () => randomUUID(),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Node's own limit only backs up ours (see in-flight.ts), which answers with the contract's 408 body.
    requestTimeout: config.REQUEST_TIMEOUT_MS + 5000,
    // A request that comes on a kept-alive connection while closing is served, with `Connection: close` (see in-flight.ts).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // validateSchema: no check of each route's schema against JSON Schema's meta-schema, whose own compiling cost every
    // process about 30 ms at its first request. The schemas are the project's own, and Ajv's compiling still rejects an
    // unknown keyword (strict mode) or a keyword's value of the wrong type.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, validateSchema: false } },
    schemaController: { compilersFactory: lazySchemaCompilers },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Only JSON is a request body (CONTRACT.md, "Transport"): anything else is 415, not a string for the schema to reject.
  app.removeContentTypeParser('text/plain');

  await app.register(responseContract, { development: config.MODE === 'development' });
  await app.register(inFlight, { timeoutMs: config.REQUEST_TIMEOUT_MS, idleGraceMs });
  await app.register(transport, limits);
  await app.register(metrics);

  const adminToken = adminTokenOf(config);
  // The sandbox's admin token is public like the demo credentials: pages may show it; a configured one never.
  const publicAdminToken = adminToken === SANDBOX_ADMIN_TOKEN ? adminToken : undefined;
  await app.register(apiDocs, { mode: config.MODE, publicAdminToken });

  await app.register(systemRoutes, { store, limiter });
  await app.register(connectorApi, { prefix: CONNECTOR_PREFIX, store, limiter, journal, faults: config.SANDBOX_API });
  await app.register(adminApi, {
    prefix: ADMIN_PREFIX,
    store,
    adminToken,
    sandboxApi: config.SANDBOX_API,
    journalPollMs: config.ACTIVITY_POLL_INTERVAL_MS,
  });
  await app.register(enterpriseApi, { prefix: ENTERPRISE_PREFIX, messaging: store, enterprise: store, hub, limiter });
  await app.register(inboxApp, { prefix: '/inbox' });
  await app.register(uiCommonFiles, { prefix: '/ui-common' });
  // Without an admin API (production without ADMIN_TOKEN) the console could do nothing: it is not served either.
  if (adminToken !== undefined) await app.register(consoleApp, { prefix: '/console', mode: config.MODE, publicAdminToken });
  await app.register(landingPageRoute, { mode: config.MODE, console: adminToken !== undefined, publicAdminToken });
  return app;
}
