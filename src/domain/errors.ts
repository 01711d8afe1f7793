/**
 * Errors a client can cause, each with the HTTP status the contract gives it (CONTRACT.md, "Errors"). The HTTP layer
 * maps them one to one; anything else that is thrown is a fault (500).
 */
export abstract class ConnectorError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 429;
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

/** 401: bad or revoked tokens, or a disabled integration or enterprise. */
export class UnauthorizedError extends ConnectorError {
  readonly status = 401;
  override name = 'UnauthorizedError';
}

/** 403: a business rule; the message is meant for the end user. */
export class ForbiddenError extends ConnectorError {
  readonly status = 403;
  override name = 'ForbiddenError';
}
