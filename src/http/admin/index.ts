import type { FastifyInstance } from 'fastify';
import type { AdminStore } from '../../domain/admin-store.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { WebhookDeliveryLog } from '../../domain/webhook-delivery-log.ts';
import { applicationRoutes } from './applications.ts';
import { adminAuthentication } from './authenticate.ts';
import { enterpriseRoutes } from './enterprises.ts';
import { integrationRoutes } from './integrations.ts';
import { portfolioAccessTokenRoutes } from './portfolio-access-tokens.ts';
import { autoReplyRoutes } from './auto-replies.ts';
import { clockRoutes } from './clock.ts';
import { sandboxThreadRoutes } from './sandbox-threads.ts';
import { sandboxRoutes } from './sandboxes.ts';
import { staffRoutes } from './staff.ts';
import { webhookDeliveryRoutes } from './webhook-deliveries.ts';

export const ADMIN_PREFIX = '/api/admin/v1';
export { ADMIN_SECURITY_SCHEME } from './route.ts';

/**
 * The operator's admin API: `POST /api/admin/v1/{resource}/{action}`, each behind the admin bearer token. Without a
 * token (production mode with ADMIN_TOKEN unset) it does not exist: every address under it is 404. The sandboxes'
 * operations exist only where SANDBOX_API says (outside production, unless set otherwise).
 */
export async function adminApi(
  app: FastifyInstance,
  options: { store: AdminStore & MessagingStore & WebhookDeliveryLog; adminToken: string | undefined; sandboxApi: boolean },
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
    await app.register(clockRoutes, { store: options.store });
  }
}
