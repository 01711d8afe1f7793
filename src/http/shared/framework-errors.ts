import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './response-contract.ts';

const MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Invalid URL: the path has malformed percent-encoding.',
  FST_ERR_MAX_PARAM_LENGTH: 'Invalid URL: the path is too long.',
};

/**
 * Fastify's `frameworkErrors`: what its router refuses before any hook runs (a path such as `…/add%ZZ` that does not
 * decode) is `400` with the contract's body. No hook has set `Request-Id` yet, so it is set here.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('Request-Id', request.id);
  sendError(reply, 400, MESSAGES[error.code] ?? 'Invalid request.');
}
