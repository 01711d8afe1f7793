import { Type, type TSchema } from 'typebox';

/** The building blocks of every surface's schemas, as the contract writes them. */

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
