import { Type, type TSchema } from 'typebox';

/** A UUID, as the contract's `format: uuid`. */
export const Uuid = Type.String({ format: 'uuid' });

/** A value that may also be null (OpenAPI's `nullable: true`). */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A non-empty string (the contract's `minLength: 1`). */
export const NonEmptyString = Type.String({ minLength: 1 });

/** An instant on the wire: `YYYY-MM-DDThh:mm:ssZ`. */
export const UtcDateTime = Type.String({ format: 'date-time', minLength: 1 });

export const ConnectorApiExceptionResult = Type.Object(
  { Message: Nullable(Type.String()), RequestId: Nullable(Type.String()), Details: Type.Unknown() },
  { description: 'The body of every error response.' },
);

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request: invalid JSON, a missing or ill-typed parameter, or an identifier that does not exist or is not yours.',
  401: 'Invalid or revoked ClientToken or AccessToken, or a disabled integration or enterprise.',
  403: 'A business rule is violated; the message is meant for the end user.',
  408: 'The request took too long; ask for less data at a time.',
  413: 'The request body is too large.',
  429: 'Too many requests; the Retry-After header says how many seconds to wait.',
  500: 'An unexpected fault on the server side.',
} as const;

/** The error responses every operation documents. */
export const errorResponses = Object.fromEntries(
  Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
    status,
    { ...ConnectorApiExceptionResult, description },
  ]),
);
