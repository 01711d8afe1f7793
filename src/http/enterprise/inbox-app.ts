import type { FastifyInstance } from 'fastify';
import { staticWebApp } from '../shared/web-app.ts';

/** The staff inbox: static files from `src/inbox/` (no build step), at `/inbox/`. */
export async function inboxApp(app: FastifyInstance) {
  await staticWebApp(app, { root: new URL('../../inbox/', import.meta.url) });
}
