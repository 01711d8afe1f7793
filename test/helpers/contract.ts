import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { components } from '../../packages/client/src/generated/contract.ts';

/** The contract's schemas as TypeScript types, generated from the same OpenAPI document (see packages/client). */
export type ContractSchemas = components['schemas'];

/** The shared contract's OpenAPI document, kept in this repository as `contract/` (see its README). */
const document = parse(readFileSync(new URL('../../contract/connector-messaging.openapi.yaml', import.meta.url), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// OpenAPI 3.0's `nullable` is not JSON Schema; turn it into a type union the validator understands.
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'x-max-interval-in-months' || key === 'example') continue;
    out[key] = key === '$ref' ? String(value).replace('#/components/schemas/', 'contract#/definitions/') : toJsonSchema(value);
  }
  if ((node as { nullable?: boolean }).nullable) return { anyOf: [out, { type: 'null' }] };
  return out;
}
ajv.addSchema({ $id: 'contract', definitions: toJsonSchema(document.components.schemas) });

const validators = new Map<string, ValidateFunction>();

/**
 * Asserts that a response body matches a schema of the contract (e.g. `MessageThreadResult`), unknown properties
 * included (the contract's response objects forbid them); the body then has that schema's type.
 */
export function assertMatchesContract<Name extends keyof ContractSchemas>(
  schemaName: Name,
  body: unknown,
): asserts body is ContractSchemas[Name] {
  let validate = validators.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `contract#/definitions/${schemaName}` });
    validators.set(schemaName, validate);
  }
  if (!validate(body)) {
    throw new Error(`Response does not match ${schemaName}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  }
}
