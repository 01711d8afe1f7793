import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectorApiExceptionResult } from './schemas/connector-api-exception-result.ts';

/** How long a client has to read the answer and close its side before the socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

/**
 * An error answered outside Fastify (no Fastify request exists for it): the contract's body under a fresh
 * `Request-Id`, and `Connection: close`, since the rest of what the client sent cannot be trusted as requests.
 */
export function outsideAnswer(message: string): { readonly requestId: string; readonly headers: Record<string, string>; readonly body: Buffer } {
  const requestId = randomUUID();
  const result: ConnectorApiExceptionResult = { Message: message, RequestId: requestId, Details: null };
  const body = Buffer.from(JSON.stringify(result));
  return {
    requestId,
    headers: {
      'Request-Id': requestId,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.length),
      Connection: 'close',
    },
    body,
  };
}

/**
 * Answers an error straight on the socket, where Node's parser gave up or Node hands the socket over (a CONNECT), then
 * closes it (see `closeGently`). Returns the answer's Request-Id.
 */
export function answerOnSocket(socket: Duplex, status: number, message: string): string {
  const { requestId, headers, body } = outsideAnswer(message);
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, `Date: ${new Date().toUTCString()}`]
    .concat(Object.entries(headers).map(([name, value]) => `${name}: ${value}`))
    .join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
  closeGently(socket);
  return requestId;
}

/**
 * Closes a connection whose last answer is written: ended, not destroyed, and what still arrives is read and dropped,
 * so that the client reads the answer rather than a reset (RFC 9112, section 9.6); destroyed if the client has not
 * closed its side within a grace period.
 */
export function closeGently(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  socket.resume();
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
