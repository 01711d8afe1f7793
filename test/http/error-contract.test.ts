import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const validBody = { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' };

describe('Request-Id', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('is on every response, unique, and equal to the error body\'s RequestId', async () => {
    const responses = await Promise.all([
      server.post(ADD, validBody),
      server.post(ADD, validBody),
      server.post(ADD, { ...validBody, Subject: '' }),
      server.post(ADD, '{,}'),
      server.post('/nowhere', validBody),
      server.post(ADD, { ...validBody, AccessToken: 'unknown' }),
      fetch(new URL('/health', server.url)).then((r) => ({ status: r.status, headers: r.headers, body: undefined })),
    ]);
    const ids = responses.map((r) => r.headers.get('request-id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const response of responses.filter((r) => r.status >= 400)) {
      expect(response.body.RequestId).toBe(response.headers.get('request-id'));
    }
  });

  it('ignores a Request-Id sent by the client', async () => {
    const response = await server.post(ADD, '{', { 'request-id': 'chosen-by-client' });
    expect(response.headers.get('request-id')).not.toBe('chosen-by-client');
    expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  });
});

describe('an unexpected fault', () => {
  it('is a 500 with the fixed message and no details outside development mode', async () => {
    const server = await startTestServer({ MODE: 'sandbox' });
    try {
      await server.store.close();
      const response = await server.post(ADD, validBody);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        Message: 'An unexpected error occurred.',
        RequestId: response.headers.get('request-id'),
        Details: null,
      });
      expect(response.text).not.toMatch(/destroyed|at .*\.ts/);
    } finally {
      await server.close();
    }
  });

  it('carries the error\'s details in development mode', async () => {
    const server = await startTestServer({ MODE: 'development' });
    try {
      await server.store.close();
      const response = await server.post(ADD, validBody);
      expect(response.status).toBe(500);
      expect(response.body.Message).toBe('An unexpected error occurred.');
      expect(response.body.RequestId).toBe(response.headers.get('request-id'));
      expect(response.body.Details).toMatchObject({ Message: expect.any(String), StackTrace: expect.stringContaining('at ') });
    } finally {
      await server.close();
    }
  });

  it('leaves client errors without details in development mode', async () => {
    const server = await startTestServer({ MODE: 'development' });
    try {
      const response = await server.post(ADD, { ...validBody, Subject: '' });
      expect(response.status).toBe(400);
      expect(response.body.Details).toBeNull();
    } finally {
      await server.close();
    }
  });
});
