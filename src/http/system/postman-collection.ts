import type { Credentials } from './api-examples.ts';
import type { OpenApiDocument } from './api-docs.ts';

/** A Postman collection (format v2.1), the parts this server writes. */
export interface PostmanCollection {
  readonly info: { readonly name: string; readonly description: string; readonly schema: string };
  readonly variable: readonly { readonly key: string; readonly value: string }[];
  readonly item: readonly { readonly name: string; readonly item: readonly PostmanRequestItem[] }[];
}
interface PostmanRequestItem {
  readonly name: string;
  readonly request: {
    readonly method: string;
    readonly description?: string;
    readonly header: readonly { readonly key: string; readonly value: string }[];
    readonly url: { readonly raw: string; readonly host: readonly string[]; readonly path: readonly string[] };
    readonly body?: { readonly mode: 'raw'; readonly raw: string; readonly options: { readonly raw: { readonly language: 'json' } } };
    readonly auth?: { readonly type: 'bearer'; readonly bearer: readonly { readonly key: 'token'; readonly value: string; readonly type: 'string' }[] };
  };
}

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const CREDENTIAL_KEYS = ['ClientToken', 'AccessToken', 'Client'] as const;

/**
 * The collection of every operation of `document` (the served OpenAPI document, with its examples), one folder per
 * tag. The server's address and the credentials are collection variables (`{{baseUrl}}`, `{{ClientToken}}`,
 * `{{AccessToken}}`, `{{Client}}`, `{{adminToken}}`), so that pointing the collection elsewhere changes one place.
 */
export function postmanCollection(
  document: OpenApiDocument,
  options: { readonly credentials: Credentials; readonly adminToken: string },
): PostmanCollection {
  const folders = new Map<string, PostmanRequestItem[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const example = operation.requestBody?.content['application/json']?.example;
      const body =
        example && typeof example === 'object'
          ? { ...example, ...Object.fromEntries(CREDENTIAL_KEYS.filter((key) => key in example).map((key) => [key, `{{${key}}}`])) }
          : operation.requestBody
            ? {}
            : undefined;
      const request: PostmanRequestItem = {
        name: operation.summary ?? operation.operationId ?? `${method.toUpperCase()} ${path}`,
        request: {
          method: method.toUpperCase(),
          ...(operation.description && { description: operation.description }),
          header: body === undefined ? [] : [{ key: 'Content-Type', value: 'application/json' }],
          url: { raw: `{{baseUrl}}${path}`, host: ['{{baseUrl}}'], path: path.split('/').filter(Boolean) },
          ...(body !== undefined && { body: { mode: 'raw', raw: JSON.stringify(body, null, 2), options: { raw: { language: 'json' } } } }),
          ...(operation.security?.some((requirement) => 'adminToken' in requirement) && {
            auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{adminToken}}', type: 'string' }] },
          }),
        },
      };
      const folder = operation.tags?.[0] ?? 'Other';
      folders.set(folder, [...(folders.get(folder) ?? []), request]);
    }
  }
  return {
    info: { name: document.info.title, description: document.info.description ?? '', schema: SCHEMA },
    variable: [
      { key: 'baseUrl', value: document.servers?.[0]?.url ?? 'http://127.0.0.1:8080' },
      ...CREDENTIAL_KEYS.map((key) => ({ key, value: options.credentials[key] })),
      { key: 'adminToken', value: options.adminToken },
    ],
    item: [...folders].map(([name, item]) => ({ name, item })),
  };
}
