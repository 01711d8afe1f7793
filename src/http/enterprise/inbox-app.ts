import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The strictest policy the inbox works under: its own scripts, styles and API only; no inline code, no plugins, no
 * framing. Even if text from a guest were ever parsed as HTML, nothing in it could run.
 */
export const INBOX_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The staff inbox: static files from `src/inbox/` (no build step), at `/inbox/`. */
export async function inboxApp(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', INBOX_CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
  });
  // Relative addresses in the page resolve against `/inbox/`, so the bare prefix sends the browser there.
  app.get('/', { prefixTrailingSlash: 'no-slash', schema: { hide: true } }, async (_request, reply) => reply.redirect('/inbox/'));
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../../inbox/', import.meta.url)),
    redirect: true,
    cacheControl: true,
    maxAge: 0,
  });
}
