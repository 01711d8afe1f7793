/**
 * Errors a client can cause, or wait out (503), each with the HTTP status the contract gives it (CONTRACT.md,
 * "Errors"). The HTTP layer maps them one to one; anything else that is thrown is a fault (500).
 */
export abstract class ConnectorError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 429 | 503;
}

/** 400: a malformed request or an identifier that does not exist or is not the caller's. */
export class InvalidParameterError extends ConnectorError {
  readonly status = 400;
  override name = 'InvalidParameterError';

  /**
   * @param parameter the parameter's path in the request, e.g. `Messages[2].MessageThreadId`
   * @param reason why, for the client's developer; omitted for identifiers, where `Invalid X` says it all
   */
  constructor(
    readonly parameter: string,
    reason?: string,
  ) {
    super(reason ? `Invalid ${parameter}: ${reason}` : `Invalid ${parameter}`);
  }
}

/** 401: bad or revoked tokens, a disabled application, or no enabled integration with an enabled enterprise. */
export class UnauthorizedError extends ConnectorError {
  readonly status = 401;
  override name = 'UnauthorizedError';
}

/** 403: a business rule; the message is meant for the end user. */
export class ForbiddenError extends ConnectorError {
  readonly status = 403;
  override name = 'ForbiddenError';
}

/**
 * 503: the storage cannot serve the request for now (the database is down or restarting, or its disk is full or
 * read-only); nothing of the request was stored, and the same request may be sent again after `retryAfterS`.
 */
export class StorageUnavailableError extends ConnectorError {
  readonly status = 503;
  override name = 'StorageUnavailableError';
  /** Seconds a client should wait before retrying (`Retry-After`). */
  readonly retryAfterS = 5;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
