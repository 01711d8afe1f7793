/**
 * An error of the request's transport (its encoding, its framing), answered by the error contract with its own status
 * and message: Fastify's error handler treats any error with a 4xx `statusCode` as the client's.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: 400 | 404 | 413 | 415 | 417,
    message: string,
  ) {
    super(message);
  }
}
