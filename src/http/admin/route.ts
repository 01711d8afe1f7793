import type { TSchema } from 'typebox';
import { adminErrorResponses } from './schemas.ts';

/** The OpenAPI security scheme of the admin API: the bearer token of ADMIN_TOKEN. */
export const ADMIN_SECURITY_SCHEME = { adminToken: { type: 'http', scheme: 'bearer' } } as const;

export interface AdminOperation<Body extends TSchema, Result extends TSchema> {
  readonly tags: string[];
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly body: Body;
  readonly response: Result;
}

/** The route options of an admin operation: its schemas, the shared error responses and the bearer security. */
export function adminRoute<Body extends TSchema, Result extends TSchema>(operation: AdminOperation<Body, Result>) {
  const { response, ...schema } = operation;
  return {
    schema: {
      ...schema,
      security: [{ adminToken: [] }],
      response: { 200: response, ...adminErrorResponses },
    },
  };
}
