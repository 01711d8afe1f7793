import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import {
  AuthenticationError,
  ConflictError,
  ConnectorApiError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from '../src/index.ts';
import { connectorClient } from '../../../test/helpers/connector.ts';
import { errorBody, scriptedFetch } from './helpers/scripted-fetch.ts';

const thread = { OriginalSender: 'John Doe', Subject: 'Hello' };

/** The error an operation rejected with; fails the test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<ConnectorApiError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ConnectorApiError);
  return outcome as ConnectorApiError;
}

describe('errors from a started server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_S: '30', BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => server.close());

  it('400 is a ValidationError with the body\'s Message and RequestId', async () => {
    const error = await rejection(connectorClient(server).messageThreads.add({ OriginalSender: '', Subject: 'S' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Invalid OriginalSender/);
    expect(error.requestId).toMatch(/.+/);
  });

  it('401 with a wrong AccessToken is an AuthenticationError', async () => {
    const client = connectorClient(server, { ClientToken: 'wrong', AccessToken: 'wrong-token-401', Client: 'Test 1.0' });
    const error = await rejection(client.messageThreads.add(thread));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.requestId).toMatch(/.+/);
  });

  it('404 from a wrong platform address is a NotFoundError', async () => {
    const error = await rejection(connectorClient({ url: `${server.url}/wrong/prefix` }).messageThreads.add(thread));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
  });

  it('413 for a body over the server\'s limit is a PayloadTooLargeError', async () => {
    const client = connectorClient(server, { ClientToken: 'x', AccessToken: 'token-for-413', Client: 'Test 1.0' });
    const error = await rejection(client.messageThreads.add({ OriginalSender: 'G', Subject: 'x'.repeat(4096) }));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.status).toBe(413);
  });

  it('429 past the server\'s limit is a RateLimitError with retryAfter, when retries are off', async () => {
    const client = connectorClient(server, { ClientToken: 'x', AccessToken: 'token-for-429', Client: 'Test 1.0' }, { retry: false });
    // Refused tokens count too: the limit is per AccessToken, before authentication.
    for (let i = 0; i < 2; i++) await rejection(client.messageThreads.add(thread));
    const error = await rejection(client.messageThreads.add(thread));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect((error as RateLimitError).retryAfter).toBeGreaterThanOrEqual(1);
    expect((error as RateLimitError).retryAfter).toBeLessThanOrEqual(30);
  });
});

describe('errors the server cannot be made to answer on demand', () => {
  const cases = [
    { status: 403, ErrorClass: ForbiddenError },
    { status: 408, ErrorClass: RequestTimeoutError },
    { status: 409, ErrorClass: ConflictError },
    { status: 500, ErrorClass: ServerError },
    { status: 503, ErrorClass: ServerError },
    { status: 418, ErrorClass: ConnectorApiError },
  ];
  for (const { status, ErrorClass } of cases) {
    it(`${status} is a ${ErrorClass.name} carrying the body's Message and RequestId`, async () => {
      const fetch = scriptedFetch([{ status, body: errorBody(`Status ${status}`, 'request-42') }]);
      const client = connectorClient({ url: 'http://127.0.0.1:9' }, undefined, { fetch, retry: false });
      const error = await rejection(client.messageThreads.add(thread));
      expect(error.constructor).toBe(ErrorClass);
      expect(error).toMatchObject({ status, message: `Status ${status}`, requestId: 'request-42' });
    });
  }

  it('an error page that is not JSON still gives the status, and the Request-Id header', async () => {
    const fetch = scriptedFetch([{ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Request-Id': 'from-header' } }]);
    const client = connectorClient({ url: 'http://127.0.0.1:9' }, undefined, { fetch, retry: false });
    const error = await rejection(client.messageThreads.add(thread));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, message: 'HTTP 502', requestId: 'from-header' });
  });

  it('an attempt that outlasts timeoutMs is a NetworkError', async () => {
    // A server that reads requests and never answers them.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const client = connectorClient({ url }, undefined, { timeoutMs: 200, retry: false });
      await expect(client.messageThreads.add(thread)).rejects.toBeInstanceOf(NetworkError);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a refused connection is a NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(connectorClient({ url }, undefined, { retry: false }).messageThreads.add(thread)).rejects.toBeInstanceOf(NetworkError);
  });
});
