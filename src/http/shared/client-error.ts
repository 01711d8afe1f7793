import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { answerOnSocket, closeGently, outsideAnswer } from './socket-answer.ts';

/** Node's codes for a request whose headers are over `maxHeaderSize`, and for one not read within its timeout. */
const HEADER_OVERFLOW = 'HPE_HEADER_OVERFLOW';
const REQUEST_TIMEOUT = 'ERR_HTTP_REQUEST_TIMEOUT';

function answerOf(code: string | undefined): { status: number; message: string } {
  if (code === HEADER_OVERFLOW) {
    return { status: 431, message: 'The request\'s header section is too large (over 16 KiB): send a shorter address or fewer headers.' };
  }
  if (code === REQUEST_TIMEOUT) return { status: 408, message: 'The request took too long to arrive.' };
  return { status: 400, message: 'Malformed HTTP request.' };
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before any route runs (an unknown or lower-case
 * method, a bad `Content-Length` or chunk size, both `Content-Length` and `Transfer-Encoding`, bare LF line ends,
 * folded or malformed headers, bytes that are not HTTP at all) is `400`, a header section over `maxHeaderSize` is
 * `431`, headers not complete within `headersTimeout` are `408`: each with the contract's body and `Request-Id`, and
 * `Connection: close`.
 */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = answerOf(error.code);
  const log = (requestId: string) =>
    this.log.info({ reqId: requestId, statusCode: status, code: error.code }, 'request refused by the HTTP parser');
  // The response of the request being read, if any (Node's own property: it has no public name).
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (pending && !pending.headersSent && !pending.req.complete) {
    // The fault is in this request's body (a bad chunk size): it is answered in place of what its handler would send.
    const { requestId, headers, body } = outsideAnswer(message);
    pending.writeHead(status, headers).end(body);
    closeGently(socket);
    return log(requestId);
  }
  const answer = () => {
    if (socket.writable) log(answerOnSocket(socket, status, message));
    else socket.destroy();
  };
  // A pipelined request before the malformed one is answered first.
  if (pending && !pending.writableFinished) pending.once('finish', answer);
  else answer();
}
