import { Type, type Static } from 'typebox';
import { Nullable } from './primitives.ts';

/** The body of every error response of every surface (CONTRACT.md, "Errors"), nullable where the contract says so. */
export const ConnectorApiExceptionResult = Type.Object(
  { Message: Nullable(Type.String()), RequestId: Nullable(Type.String()), Details: Type.Unknown() },
  { description: 'The body of every error response.' },
);
export type ConnectorApiExceptionResult = Static<typeof ConnectorApiExceptionResult>;

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request: invalid JSON, a missing or ill-typed parameter, or an identifier that does not exist or is not yours.',
  401: 'Invalid or revoked ClientToken or AccessToken, a disabled application, or no enabled integration with an enabled enterprise.',
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
