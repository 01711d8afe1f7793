import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

describe('operating endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(new URL(path, server.url));

  it('GET /health answers 200 while the database answers', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toBeTruthy();
  });

  it('GET /metrics counts requests and their latency by operation and status', async () => {
    await server.post(ADD, { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' });
    await server.post(ADD, { ...demo.a, OriginalSender: 'Guest', Subject: '' });
    await server.post('/api/connector/v1/nothing/here', {});
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const sample = (name: string, status: number, operation = `/api/connector/v1/messageThreads/add`) =>
      new RegExp(`^${name}\\{(?=[^}]*operation="${operation.replace(/\//g, '\\/')}")(?=[^}]*status="${status}")[^}]*\\} (\\d+(\\.\\d+)?)$`, 'm');
    expect(text).toMatch(sample('http_requests_total', 200));
    expect(text).toMatch(sample('http_requests_total', 400));
    expect(text).toMatch(sample('http_requests_total', 404, 'unmatched'));
    expect(text).toMatch(sample('http_request_duration_seconds_count', 200));
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{[^}]*le="0.1"[^}]*\} \d+$/m);
    expect(Number(text.match(sample('http_requests_total', 200))![1])).toBeGreaterThanOrEqual(1);
  });

  it('GET /metrics never labels a series with a client-chosen address', async () => {
    await server.post('/api/connector/v1/probe-1234', {});
    const text = await (await get('/metrics')).text();
    expect(text).not.toContain('probe-1234');
  });

  it('GET /openapi.json documents messageThreads/add with its body, result and errors', async () => {
    const response = await get('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(document.openapi).toMatch(/^3\./);
    const operation = document.paths['/api/connector/v1/messageThreads/add'].post;
    expect(operation).toBeDefined();
    const bodySchema = operation.requestBody.content['application/json'].schema;
    expect(bodySchema.required).toEqual(expect.arrayContaining(['ClientToken', 'AccessToken', 'Client', 'OriginalSender', 'Subject']));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '408', '413', '429', '500']));
    expect(operation.responses['200'].content['application/json'].schema.properties).toHaveProperty('MessageThreads');
    // What is not an operation of the API is not in its document.
    expect(Object.keys(document.paths)).not.toContain('/health');
    expect(Object.keys(document.paths)).not.toContain('/metrics');
  });

  it('GET /docs serves a human-readable page', async () => {
    const response = await fetch(new URL('/docs', server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<html/i);
  });
});

describe('health when the database is gone', () => {
  it('GET /health answers 503', async () => {
    const server = await startTestServer();
    try {
      await server.store.close();
      const response = await fetch(new URL('/health', server.url));
      expect(response.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
