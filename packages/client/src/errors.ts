/**
 * An error response of the Connector API: `{ Message, RequestId, Details }` with an HTTP status (CONTRACT.md,
 * "Errors"). Each status the contract names has its own subclass, so callers can `instanceof` what they handle.
 */
export class ConnectorApiError extends Error {
  override name = 'ConnectorApiError';

  constructor(
    /** The HTTP status. */
    readonly status: number,
    message: string,
    /** The request's id (the body's `RequestId`, else the `Request-Id` header), to quote to the API's operator. */
    readonly requestId: string | null,
    /** Stack traces or inner errors; only filled by servers in a development environment. */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** 400: a malformed request, a missing or ill-typed parameter, or an identifier that does not exist or is not yours. */
export class ValidationError extends ConnectorApiError {
  override name = 'ValidationError';
}

/** 401: the ClientToken or AccessToken is invalid or expired, or the operation is not permitted. */
export class AuthenticationError extends ConnectorApiError {
  override name = 'AuthenticationError';
}

/** 403: a business rule is violated; the message is meant for the end user. */
export class ForbiddenError extends ConnectorApiError {
  override name = 'ForbiddenError';
}

/** 404: the address matches no operation (typically a wrong `platformAddress`). */
export class NotFoundError extends ConnectorApiError {
  override name = 'NotFoundError';
}

/** 408: the request took too long to prepare; ask for less at a time. */
export class RequestTimeoutError extends ConnectorApiError {
  override name = 'RequestTimeoutError';
}

/** 409: the data changed underneath the request; refresh and retry. */
export class ConflictError extends ConnectorApiError {
  override name = 'ConflictError';
}

/** 413: the request body is too large. */
export class PayloadTooLargeError extends ConnectorApiError {
  override name = 'PayloadTooLargeError';
}

/** 429: too many requests. */
export class RateLimitError extends ConnectorApiError {
  override name = 'RateLimitError';

  constructor(
    message: string,
    requestId: string | null,
    details: unknown,
    /** Seconds to wait before the next request (the `Retry-After` header), or null when the server did not say. */
    readonly retryAfter: number | null,
  ) {
    super(429, message, requestId, details);
  }
}

/** 5xx: a fault on the server's side. */
export class ServerError extends ConnectorApiError {
  override name = 'ServerError';
}

/** No HTTP response at all: the connection failed or the attempt timed out. The request may or may not have run. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

const errorClasses: Record<number, typeof ConnectorApiError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: ForbiddenError,
  404: NotFoundError,
  408: RequestTimeoutError,
  409: ConflictError,
  413: PayloadTooLargeError,
};

/** The error for a non-2xx response; `text` is its body, which need not be JSON (a proxy's error page, say). */
export function errorFromResponse(response: Response, text: string): ConnectorApiError {
  const body = parseErrorBody(text);
  const requestId = body.RequestId ?? response.headers.get('request-id');
  const message = body.Message ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const details = body.Details ?? null;
  if (response.status === 429) {
    return new RateLimitError(message, requestId, details, retryAfterSeconds(response.headers.get('retry-after')));
  }
  const ErrorClass = response.status >= 500 ? ServerError : (errorClasses[response.status] ?? ConnectorApiError);
  return new ErrorClass(response.status, message, requestId, details);
}

interface ErrorBody {
  Message?: string | null;
  RequestId?: string | null;
  Details?: unknown;
}

function parseErrorBody(text: string): ErrorBody {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
  } catch {
    return {};
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
