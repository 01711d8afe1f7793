import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { MessagingStore } from '../../domain/store.ts';
import type { ActivityHub } from '../../events/activity-hub.ts';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import { staffAuthentication } from './authenticate.ts';
import { eventRoutes } from './events.ts';
import { inboxMessageRoutes } from './messages.ts';
import { inboxThreadRoutes } from './message-threads.ts';
import { quickReplyRoutes } from './quick-replies.ts';
import { sessionRoutes } from './sessions.ts';
import { colleagueRoutes } from './staff.ts';

export const ENTERPRISE_PREFIX = '/api/enterprise/v1';

/**
 * The enterprise API: what the staff inbox uses. `POST /api/enterprise/v1/{resource}/{action}` with the Connector
 * API's conventions, authenticated by a staff session, plus `GET /events` for live updates.
 */
export async function enterpriseApi(
  app: FastifyInstance,
  options: { messaging: MessagingStore; enterprise: EnterpriseStore; hub: ActivityHub; limiter: RequestLimiter },
) {
  await app.register(cookie);
  await app.register(staffAuthentication, { store: options.enterprise });
  await app.register(sessionRoutes, { store: options.enterprise, cookiePath: ENTERPRISE_PREFIX, limiter: options.limiter });
  const stores = { messaging: options.messaging, enterprise: options.enterprise };
  await app.register(inboxThreadRoutes, stores);
  await app.register(inboxMessageRoutes, stores);
  await app.register(colleagueRoutes, stores);
  await app.register(quickReplyRoutes, stores);
  await app.register(eventRoutes, { hub: options.hub });
}
