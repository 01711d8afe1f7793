import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from '../../domain/pagination.ts';

/** Whether the request's `Prefer` header (RFC 7240) holds `return=minimal`, among any other preferences. */
function prefersMinimalReturn(request: FastifyRequest): boolean {
  const header = request.headers.prefer;
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values
    .flatMap((value) => value.split(/[,;]/))
    .some((preference) => preference.trim().replace(/\s*=\s*/, '=').toLowerCase() === 'return=minimal');
}

/**
 * The answer of a paginated operation: its body, except for an empty page requested with `Prefer: return=minimal`,
 * which is `204 No Content` with no body and no Content-Type (CONTRACT.md, "Transport").
 */
export function replyWithPage<T, Body>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<T>,
  toBody: (page: Page<T>) => Body,
): Body | FastifyReply {
  if (page.items.length === 0 && prefersMinimalReturn(request)) return reply.code(204).send();
  return toBody(page);
}
