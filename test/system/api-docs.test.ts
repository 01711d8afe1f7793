import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SANDBOX_MESSAGE_THREAD } from '../../src/store/sandbox-seed.ts';
import { assertMatchesContract, type ContractSchemas } from '../helpers/contract.ts';
import { demo } from '../helpers/sandbox.ts';
import { postJson, startTestServer, type TestServer } from '../helpers/server.ts';

interface Media {
  readonly schema?: { readonly $ref?: string };
  readonly example?: Record<string, any>;
}
interface Operation {
  readonly operationId: string;
  readonly summary?: string;
  readonly description?: string;
  readonly requestBody: { readonly content: { readonly 'application/json': Media } };
  readonly responses: Record<string, { readonly content?: { readonly 'application/json': Media } }>;
}
interface Document {
  readonly info: { readonly title: string; readonly description: string };
  readonly servers: { readonly url: string }[];
  readonly paths: Record<string, Record<string, Operation>>;
}

const contract: Document = parse(readFileSync(new URL('../../contract/connector-messaging.openapi.yaml', import.meta.url), 'utf8'));
const connectorOperations = Object.entries(contract.paths).map(([path, item]) => [path, item.post!] as const);
const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Every string of `value` that looks like a datetime, at any depth. */
function datetimes(value: unknown): string[] {
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? [value] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(datetimes);
}

async function served(server: TestServer): Promise<Document> {
  return (await (await fetch(new URL('/openapi.json', server.url))).json()) as Document;
}

describe('the served reference in sandbox mode', () => {
  let server: TestServer;
  let document: Document;
  beforeAll(async () => {
    server = await startTestServer();
    document = await served(server);
  });
  afterAll(() => server.close());

  it('is titled for this project and names the server as it was reached', async () => {
    expect(document.info.title).toMatch(/^connector-messaging/);
    expect(document.servers).toEqual([{ url: server.url }]);
    const page = await (await fetch(new URL('/docs', server.url))).text();
    expect(page).toContain('<title>connector-messaging: API reference</title>');
    expect(page).not.toMatch(/fastify/i);
  });

  it.each(connectorOperations)('has an example body for %s that answers 200 as it stands', async (path) => {
    const example = document.paths[path]!.post!.requestBody.content['application/json'].example!;
    expect(example).toMatchObject(demo.a);
    const answer = await postJson(server.url, path, example);
    expect(answer.status, answer.text).toBe(200);
  });

  it('names the demo thread in the messages examples, and answers messages/getAll\'s with its response example', async () => {
    const add = document.paths['/api/connector/v1/messages/add']!.post!.requestBody.content['application/json'].example!;
    expect(add.Messages[0].MessageThreadId).toBe(SANDBOX_MESSAGE_THREAD.id);
    const getAll = document.paths['/api/connector/v1/messages/getAll']!.post!;
    const example = getAll.requestBody.content['application/json'].example!;
    expect(example.MessageThreadIds).toEqual([SANDBOX_MESSAGE_THREAD.id]);
    const answer = await postJson(server.url, '/api/connector/v1/messages/getAll', example);
    // Among what the example for messages/add may have added to the thread since.
    expect(answer.body.Messages).toContainEqual(getAll.responses['200']!.content!['application/json'].example!.Messages[0]);
  });

  it('finds the thread just added with the messageThreads/getAll example', async () => {
    const added = await postJson(server.url, '/api/connector/v1/messageThreads/add', { ...demo.a, OriginalSender: 'Guest', Subject: 'Found' });
    const example = document.paths['/api/connector/v1/messageThreads/getAll']!.post!.requestBody.content['application/json'].example!;
    const answer = await postJson(server.url, '/api/connector/v1/messageThreads/getAll', example);
    expect(answer.body.MessageThreads.map((thread: { Id: string }) => thread.Id)).toContain(added.body.MessageThreads[0].Id);
  });

  it.each(connectorOperations)('has a 200 example for %s that matches the contract, datetimes in whole seconds with Z', (path, post) => {
    const example = document.paths[path]!.post!.responses['200']!.content!['application/json'].example;
    const schema = post.responses['200']!.content!['application/json'].schema!.$ref!.split('/').at(-1) as keyof ContractSchemas;
    assertMatchesContract(schema, example);
    expect(datetimes(example).length).toBeGreaterThan(0);
    for (const datetime of datetimes(example)) expect(datetime).toMatch(UTC_SECONDS);
  });

  it('describes both kinds of webhooks', () => {
    expect(document.info.description).toContain('"Discriminator": "MessageAdded"');
    expect(document.info.description).toContain('webhook-signature');
    for (const action of ['IntegrationCreated', 'IntegrationEnabled', 'IntegrationDisabled', 'IntegrationCanceled', 'IntegrationReinstated', 'IntegrationDeleted', 'IntegrationApiKeyCreated']) {
      expect(document.info.description).toContain(action);
    }
  });

  it('serves a Postman collection naming every operation, with the sandbox credentials as variables', async () => {
    const response = await fetch(new URL('/openapi.postman.json', server.url));
    expect(response.status).toBe(200);
    const collection = JSON.parse(await response.text());
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const variables = Object.fromEntries(collection.variable.map((v: { key: string; value: string }) => [v.key, v.value]));
    expect(variables).toEqual({ baseUrl: server.url, ...demo.a, adminToken: 'sandbox-admin-token' });
    const requests = collection.item.flatMap((folder: { item: { name: string; request: any }[] }) => folder.item);
    const byUrl = new Map(requests.map((item: { request: any }) => [item.request.url.raw, item]));
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const request = byUrl.get(`{{baseUrl}}${path}`) as { name: string; request: any } | undefined;
        expect(request?.name, path).toBe(operation.summary);
        expect(request!.request.method).toBe(method.toUpperCase());
      }
    }
    // A Connector request, its variables put in, is the served example: it answers 200.
    const getAll = byUrl.get('{{baseUrl}}/api/connector/v1/messageThreads/getAll') as { request: { body: { raw: string } } };
    const body = getAll.request.body.raw.replace(/\{\{(\w+)\}\}/g, (_, key: string) => variables[key]);
    expect(JSON.parse(body)).toEqual(document.paths['/api/connector/v1/messageThreads/getAll']!.post!.requestBody.content['application/json'].example);
    expect((await postJson(server.url, '/api/connector/v1/messageThreads/getAll', JSON.parse(body))).status).toBe(200);
  });
});

describe('the served reference in production mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MODE: 'production', ADMIN_TOKEN: 'an-operator-admin-token' });
  });
  afterAll(() => server.close());

  it('carries no demo credentials and never the configured admin token', async () => {
    const text = JSON.stringify(await served(server)) + (await (await fetch(new URL('/openapi.postman.json', server.url))).text());
    expect(text).not.toContain(demo.a.ClientToken);
    expect(text).not.toContain(demo.a.AccessToken);
    expect(text).not.toContain('an-operator-admin-token');
  });

  it('names no seeded thread in the requests: there is none', async () => {
    const { paths } = await served(server);
    const requests = ['messages/add', 'messages/getAll'].map((operation) => paths[`/api/connector/v1/${operation}`]!.post!.requestBody.content['application/json'].example);
    expect(JSON.stringify(requests)).not.toContain(SANDBOX_MESSAGE_THREAD.id);
    expect(requests[0]!.Messages[0].MessageThreadId).toBe('Your MessageThreadId');
  });
});
