import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../helpers/server.ts';

describe('GET /health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it(`reports the database${testBackend === 'postgres' ? ' and Redis' : ''} answering`, async () => {
    const response = await fetch(new URL('/health', server.url));
    expect(response.status).toBe(200);
    const expected = testBackend === 'postgres' ? { Status: 'ok', Database: 'ok', Redis: 'ok' } : { Status: 'ok', Database: 'ok' };
    expect(await response.json()).toEqual(expected);
  });
});

describe('closing', () => {
  it('closes the database connections with the server', async () => {
    const server = await startTestServer();
    await server.store.ping();
    await server.close();
    await expect(server.store.ping()).rejects.toThrow();
  });
});
