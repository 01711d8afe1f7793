import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ConnectorError, StorageUnavailableError } from '../../domain/errors.ts';
import type { ConnectorApiExceptionResult } from './schemas/connector-api-exception-result.ts';

export const UNEXPECTED_ERROR_MESSAGE = 'An unexpected error occurred.';

/** Sends an error in the contract's shape; `Request-Id` is already on the reply (see `responseContract`). */
export function sendError(reply: FastifyReply, status: number, message: string, details: unknown = null): FastifyReply {
  const body: ConnectorApiExceptionResult = { Message: message, RequestId: reply.request.id, Details: details };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

// Fastify's own codes for what a client can get wrong before a route runs.
const INVALID_JSON_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH']);

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/Messages/0/Text` → `Messages[0].Text`: the parameter as a client's developer would write it. */
function parameterPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function validationMessage(error: AjvError): string {
  const base = parameterPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return `Invalid ${base ? `${base}.${missing}` : missing}: the parameter is required.`;
  }
  if (!base) return 'Invalid request body: expected a JSON object.';
  const reasons: Record<string, () => string> = {
    type: () => `must be ${error.params.type === 'null' ? 'null' : `of type ${String(error.params.type).replace(',', ' or ')}`}.`,
    minLength: () => (error.params.limit === 1 ? 'must not be empty.' : `${error.message}.`),
    format: () => `must be a valid ${error.params.format === 'uuid' ? 'UUID' : String(error.params.format)}.`,
    maxItems: () => `must have at most ${String(error.params.limit)} items.`,
    minItems: () => `must have at least ${String(error.params.limit)} item(s).`,
    anyOf: () => 'has an invalid type.',
  };
  return `Invalid ${base}: ${reasons[error.keyword]?.() ?? `${error.message ?? 'is invalid'}.`}`;
}

/** Maps any error to the contract: the client's mistakes to 4xx with a clear message, everything else to a logged 500. */
function errorHandler(development: boolean) {
  return function connectorErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (error instanceof StorageUnavailableError) {
      request.log.warn({ err: error.cause ?? error }, 'storage unavailable');
      reply.header('Retry-After', String(error.retryAfterS));
    }
    if (error instanceof ConnectorError) return sendError(reply, error.status, error.message);
    if (error.validation) return sendError(reply, 400, validationMessage(error.validation[0] as AjvError));
    if (INVALID_JSON_CODES.has(error.code) || error instanceof SyntaxError) return sendError(reply, 400, 'Invalid JSON');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'The request body is too large.');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, 415, 'Unsupported Content-Type: send the body as application/json.');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    const details = development ? { Type: error.name, Message: error.message, StackTrace: error.stack ?? null } : null;
    return sendError(reply, 500, UNEXPECTED_ERROR_MESSAGE, details);
  };
}

/**
 * What every response of every surface follows (CONTRACT.md, "Transport" and "Errors"): a unique `Request-Id` header on
 * every response, 404s included; the error body for every error; and 404 for any address that is not an operation
 * exactly (case-sensitive, no trailing slash).
 */
export const responseContract = fp(
  async function responseContract(app: FastifyInstance, options: { development: boolean }) {
    app.addHook('onRequest', function setRequestIdHeader(request, reply, done) {
      reply.header('Request-Id', request.id);
      done();
    });
    app.setErrorHandler(errorHandler(options.development));
    app.setNotFoundHandler(function notFound(request, reply) {
      return sendError(reply, 404, `Not Found: ${request.method} ${request.url.split('?')[0]} is not an operation.`);
    });
  },
  { name: 'response-contract' },
);
