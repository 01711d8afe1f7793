import type { FastifyInstance } from 'fastify';
import type { Mode } from '../../config/config.ts';
import { ADMIN_PREFIX } from '../admin/index.ts';
import { packageFile } from '../../package-files.ts';
import { staticWebApp } from '../shared/web-app.ts';

/**
 * The integrators' console: static files from `src/console/` (no build step), at `/console/`, talking to the admin
 * API with its bearer token. `settings.json` tells the page where that API is and, in sandbox mode with the public
 * sandbox token, the token itself, so that the local user needs no sign-in; a configured ADMIN_TOKEN is never sent.
 */
export async function consoleApp(app: FastifyInstance, options: { mode: Mode; publicAdminToken: string | undefined }) {
  const settings = { Mode: options.mode, AdminApi: ADMIN_PREFIX, PublicAdminToken: options.publicAdminToken ?? null };
  app.get('/settings.json', { schema: { hide: true } }, async (_request, reply) => reply.header('Cache-Control', 'no-store').send(settings));
  await staticWebApp(app, { root: packageFile('console/') });
}

/** The browser modules the inbox and the console share (`src/ui-common/`), at `/ui-common/`. */
export async function uiCommonFiles(app: FastifyInstance) {
  await staticWebApp(app, { root: packageFile('ui-common/') });
}
