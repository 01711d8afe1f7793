import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_OPERATIONS } from '../../helpers/admin.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

describe('the admin API in the served OpenAPI document', () => {
  let server: TestServer;
  let document: { paths: Record<string, { post?: Operation; get?: Operation }>; components: { securitySchemes?: Record<string, unknown> } };
  beforeAll(async () => {
    server = await startTestServer();
    document = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof document;
  });
  afterAll(() => server.close());

  it('declares the bearer security scheme', () => {
    expect(document.components.securitySchemes).toEqual({ adminToken: { type: 'http', scheme: 'bearer' } });
  });

  it('documents every admin operation with a description, its body, the bearer token and the 401', () => {
    const paths = Object.keys(document.paths).filter((path) => path.startsWith(`${ADMIN}/`) && !path.endsWith('/stream')).sort();
    expect(paths).toEqual(ADMIN_OPERATIONS.map((operation) => `${ADMIN}/${operation}`).sort());
    for (const path of paths) {
      const operation = document.paths[path]!.post!;
      expect(operation.summary, path).toBeTruthy();
      expect(operation.description?.length, path).toBeGreaterThan(20);
      expect(operation.security, path).toEqual([{ adminToken: [] }]);
      expect(operation.requestBody, path).toBeDefined();
      expect(Object.keys(operation.responses), path).toEqual(expect.arrayContaining(['200', '400', '401']));
    }
  });

  it('documents the request journal\'s live stream, a GET with the bearer token', () => {
    const stream = document.paths[`${ADMIN}/requests/stream`]!.get!;
    expect(stream.description?.length).toBeGreaterThan(20);
    expect(stream.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(stream.responses)).toEqual(expect.arrayContaining(['400', '401']));
  });

  it('leaves the Connector API without the admin token', () => {
    expect(document.paths['/api/connector/v1/messageThreads/add']?.post?.security).toBeUndefined();
  });
});
