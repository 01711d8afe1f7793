import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** The address without its query string, which may carry what a client did not mean to be logged. */
function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}

/**
 * One log line per request, when it is answered (method, path, status, time), instead of Fastify's two; the arrival
 * of a request is logged at `debug` only. Bodies, headers and query strings are never part of it, so neither are tokens.
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    // Fastify's own `req` line, with the path in place of the address.
    const req = {
      method: request.method,
      url: pathOf(request),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
    request.log.debug({ req }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: pathOf(request),
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
