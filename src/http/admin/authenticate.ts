import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { secretsEqual } from '../../domain/tenancy.ts';
import { sendError } from '../shared/response-contract.ts';

const BEARER = /^Bearer +(\S+)$/i;
const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The admin API's guard: `Authorization: Bearer <ADMIN_TOKEN>`, checked before the body is even read. Both sides are
 * hashed before the constant-time comparison, so that not even the token's length shows in the timing.
 */
export const adminAuthentication = fp(
  async function adminAuthentication(app: FastifyInstance, options: { adminToken: string }) {
    const expected = digest(options.adminToken);
    app.addHook('onRequest', async function authenticate(request, reply) {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      if (token !== undefined && secretsEqual(digest(token), expected)) return;
      reply.header('WWW-Authenticate', 'Bearer realm="admin"');
      return sendError(reply, 401, 'Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>.');
    });
  },
  { name: 'admin-authentication' },
);
