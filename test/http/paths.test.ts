import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const validBody = { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' };

describe('paths are exact', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  async function threadCount(): Promise<number> {
    const row = await server.database.selectFrom('message_threads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it.each([
    ['wrong case of the resource', '/api/connector/v1/messagethreads/add'],
    ['wrong case of the action', '/api/connector/v1/messageThreads/Add'],
    ['wrong case of the prefix', '/API/connector/v1/messageThreads/add'],
    ['a trailing slash', `${ADD}/`],
    ['an unknown resource', '/api/connector/v1/reservations/add'],
    ['an unknown action', '/api/connector/v1/messageThreads/delete'],
    ['an extra segment', `${ADD}/more`],
    ['a missing segment', '/api/connector/v1/messageThreads'],
    ['another version', '/api/connector/v2/messageThreads/add'],
    ['a doubled slash', '/api/connector/v1//messageThreads/add'],
  ])('answers 404 with the error body for %s', async (_case, path) => {
    const before = await threadCount();
    const response = await server.post(path, validBody);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(response.body).sort()).toEqual(['Details', 'Message', 'RequestId']);
    expect(response.body.RequestId).toBe(response.headers.get('request-id'));
    expect(response.body.Details).toBeNull();
    expect(await threadCount()).toBe(before);
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers 404 to %s on an operation\'s address', async (method) => {
    const response = await fetch(new URL(ADD, server.url), {
      method,
      ...(method !== 'GET' && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(validBody) }),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as any;
    expect(body.RequestId).toBe(response.headers.get('request-id'));
    expect(body.Details).toBeNull();
    expect(typeof body.Message).toBe('string');
  });

  it('answers the exact path, with a query string ignored', async () => {
    expect((await server.post(ADD, validBody)).status).toBe(200);
    expect((await server.post(`${ADD}?x=1`, validBody)).status).toBe(200);
  });
});
