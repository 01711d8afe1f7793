import type { FastifyInstance } from 'fastify';
import type { AdminStore } from '../../domain/admin-store.ts';
import type { RequestJournal } from '../../domain/request-journal.ts';
import type { FaultStore } from '../../domain/faults.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { WebhookBehaviourStore } from '../../domain/webhook-behaviour.ts';
import type { WebhookDeliveryLog } from '../../domain/webhook-delivery-log.ts';
import { applicationRoutes } from './applications.ts';
import { adminAuthentication } from './authenticate.ts';
import { enterpriseRoutes } from './enterprises.ts';
import { faultRoutes } from './faults.ts';
import { integrationRoutes } from './integrations.ts';
import { portfolioAccessTokenRoutes } from './portfolio-access-tokens.ts';
import { autoReplyRoutes } from './auto-replies.ts';
import { clockRoutes } from './clock.ts';
import { sandboxThreadRoutes } from './sandbox-threads.ts';
import { requestJournalRoutes } from './requests.ts';
import { sandboxRoutes } from './sandboxes.ts';
import { staffRoutes } from './staff.ts';
import { webhookBehaviourRoutes } from './webhook-behaviour.ts';
import { webhookDeliveryRoutes } from './webhook-deliveries.ts';

export const ADMIN_PREFIX = '/api/admin/v1';
export { ADMIN_SECURITY_SCHEME } from './route.ts';

/**
 * The operator's admin API: `POST /api/admin/v1/{resource}/{action}`, each behind the admin bearer token. Without a
 * token (production mode with ADMIN_TOKEN unset) it does not exist: every address under it is 404. The sandboxes'
 * operations (faults included) exist only where SANDBOX_API says (outside production, unless set otherwise).
 */
export async function adminApi(
  app: FastifyInstance,
  options: {
    store: AdminStore & MessagingStore & WebhookDeliveryLog & WebhookBehaviourStore & RequestJournal & FaultStore;
    adminToken: string | undefined;
    sandboxApi: boolean;
    /** How often a live stream of the request journal reads it. */
    journalPollMs: number;
  },
) {
  if (options.adminToken === undefined) return;
  await app.register(adminAuthentication, { adminToken: options.adminToken });
  await app.register(enterpriseRoutes, { store: options.store });
  await app.register(applicationRoutes, { store: options.store });
  await app.register(integrationRoutes, { store: options.store });
  await app.register(portfolioAccessTokenRoutes, { store: options.store });
  await app.register(staffRoutes, { store: options.store });
  await app.register(webhookDeliveryRoutes, { store: options.store });
  if (options.sandboxApi) {
    await app.register(sandboxRoutes, { store: options.store });
    await app.register(sandboxThreadRoutes, { stores: { admin: options.store, messaging: options.store } });
    await app.register(autoReplyRoutes, { store: options.store });
    await app.register(webhookBehaviourRoutes, { store: options.store });
    await app.register(requestJournalRoutes, { store: options.store, pollMs: options.journalPollMs });
    await app.register(faultRoutes, { store: options.store });
    await app.register(clockRoutes, { store: options.store });
  }
}
