import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The strictest policy the web pages (inbox, console, landing page) work under: their own scripts, styles and APIs
 * only; no inline code, no plugins, no framing. Even if text from a guest or a request body were ever parsed as
 * HTML, nothing in it could run.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every page and file of the web apps. */
export function webPageHeaders(reply: FastifyReply): void {
  reply.header('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'no-referrer');
}

/**
 * Static files of a folder of `src/` (no build step) under the plugin's prefix, e.g. `src/inbox/` at `/inbox/`.
 * Register it with a prefix; routes the caller adds to `app` first take precedence over the files.
 */
export async function staticWebApp(app: FastifyInstance, options: { root: URL }) {
  app.addHook('onSend', async (_request, reply) => webPageHeaders(reply));
  // Relative addresses in a page resolve against `<prefix>/`, so the bare prefix sends the browser there.
  app.get('/', { prefixTrailingSlash: 'no-slash', schema: { hide: true } }, async (_request, reply) => reply.redirect(`${app.prefix}/`));
  await app.register(fastifyStatic, { root: fileURLToPath(options.root), redirect: true, cacheControl: true, maxAge: 0 });
}
