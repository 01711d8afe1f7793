import type { FastifyInstance } from 'fastify';
import { staticWebApp } from '../shared/web-app.ts';
import { packageFile } from '../../package-files.ts';

/** The staff inbox: static files from `src/inbox/` (no build step), at `/inbox/`. */
export async function inboxApp(app: FastifyInstance) {
  await staticWebApp(app, { root: packageFile('inbox/') });
}
