import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDocument {
  readonly paths: Record<string, { readonly post?: OpenApiOperation }>;
  readonly components: { readonly schemas: Record<string, { readonly required?: string[] }> };
}
interface OpenApiOperation {
  readonly operationId: string;
  readonly requestBody: { readonly content: { readonly 'application/json': { readonly schema: { readonly $ref?: string; readonly required?: string[] } } } };
  readonly responses: Record<string, unknown>;
}

const contract: OpenApiDocument = parse(readFileSync(new URL('../../contract/connector-messaging.openapi.yaml', import.meta.url), 'utf8'));

describe('the served OpenAPI document', () => {
  let server: TestServer;
  let served: OpenApiDocument;
  beforeAll(async () => {
    server = await startTestServer();
    served = (await (await fetch(new URL('/openapi.json', server.url))).json()) as OpenApiDocument;
  });
  afterAll(() => server.close());

  const operations = Object.entries(contract.paths).map(([path, item]) => [path, item.post!] as const);

  it.each(operations)('documents %s as the contract does: id, required body, and the statuses it answers', (path, post) => {
    const operation = served.paths[path]?.post;
    expect(operation?.operationId).toBe(post.operationId);
    const schemaName = post.requestBody.content['application/json'].schema.$ref!.split('/').at(-1)!;
    const required = contract.components.schemas[schemaName]!.required!;
    expect(operation!.requestBody.content['application/json'].schema.required!.toSorted()).toEqual(required.toSorted());
    expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '408', '429', '500']));
    if (path.endsWith('/getAll')) expect(operation!.responses).toHaveProperty('204');
  });

  it('names a message\'s thread MessageThreadId in messages/add, with ThreadId only as a deprecated alias', () => {
    const body = served.paths['/api/connector/v1/messages/add']!.post!.requestBody.content['application/json'].schema as {
      properties: { Messages: { items: { required: string[]; properties: Record<string, { type?: string; format?: string; deprecated?: boolean }> } } };
    };
    const message = body.properties.Messages.items;
    expect(message.required).toContain('MessageThreadId');
    expect(message.required).not.toContain('ThreadId');
    expect(message.properties.MessageThreadId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(message.properties.ThreadId).toMatchObject({ deprecated: true });
  });
});
