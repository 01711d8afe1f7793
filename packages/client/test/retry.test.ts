import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../../../test/helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import {
  AuthenticationError,
  ForbiddenError,
  RateLimitError,
  ServerError,
  ValidationError,
  type RetryEvent,
  type RetryOptions,
} from '../src/index.ts';
import { connectorClient } from '../../../test/helpers/connector.ts';
import { errorBody, scriptedFetch, type ScriptedOutcome } from './helpers/scripted-fetch.ts';

const thread = { OriginalSender: 'John Doe', Subject: 'Hello' };

/** Retry options whose waits are recorded; they really wait only when `wait` is set. */
function recordedRetry(options: Partial<RetryOptions> = {}, wait = false) {
  const waits: number[] = [];
  const retries: RetryEvent[] = [];
  const retry: Partial<RetryOptions> = {
    sleep: async (ms) => {
      waits.push(ms);
      if (wait) await new Promise((resolve) => setTimeout(resolve, ms));
    },
    onRetry: (event) => retries.push(event),
    ...options,
  };
  return { retry, waits, retries };
}

describe('retries against a started server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_S: '2' });
  });
  afterAll(() => server.close());

  it('retries a 429 after waiting at least its Retry-After, then succeeds', async () => {
    const fetch = scriptedFetch([]);
    const { retry, waits, retries } = recordedRetry({}, true);
    const client = connectorClient(server, demo.a, { fetch, retry });
    await client.messageThreads.add(thread);
    // The second request of the window is refused with Retry-After; the client waits it out and tries again.
    const { MessageThreads } = await client.messageThreads.add(thread);
    expect(MessageThreads).toHaveLength(1);
    expect(fetch.calls).toBe(3);
    expect(retries).toHaveLength(1);
    const refused = retries[0]!.error as RateLimitError;
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(refused.retryAfter! * 1000);
  });

  it('never retries a 400', async () => {
    const fetch = scriptedFetch([]);
    const { retry, waits } = recordedRetry();
    const client = connectorClient(server, demo.b, { fetch, retry });
    await expect(client.messageThreads.add({ OriginalSender: 'G', Subject: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(fetch.calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('never retries a 401', async () => {
    const fetch = scriptedFetch([]);
    const { retry, waits } = recordedRetry();
    const client = connectorClient(server, { ...demo.b, AccessToken: 'not-a-token' }, { fetch, retry });
    await expect(client.messageThreads.add(thread)).rejects.toBeInstanceOf(AuthenticationError);
    expect(fetch.calls).toBe(1);
    expect(waits).toEqual([]);
  });
});

it('gives up on a 429 whose Retry-After is beyond the time budget, without waiting', async () => {
  const server = await startTestServer({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_S: '30' });
  try {
    const fetch = scriptedFetch([]);
    const { retry, waits } = recordedRetry({ maxElapsedMs: 5_000 });
    const client = connectorClient(server, demo.a, { fetch, retry });
    await client.messageThreads.add(thread);
    const error = await client.messageThreads.add(thread).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(5);
    expect(fetch.calls).toBe(2);
    expect(waits).toEqual([]);
  } finally {
    await server.close();
  }
});

describe('retries of failures scripted in front of a started server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const failure = (status: number): ScriptedOutcome => ({ status, body: errorBody(`Status ${status}`) });

  it('retries 5xx, 408 and network errors with exponential backoff and jitter, then succeeds', async () => {
    const fetch = scriptedFetch([failure(503), failure(408), 'network error', failure(500)]);
    const { retry, waits, retries } = recordedRetry({ initialDelayMs: 100, maxDelayMs: 10_000 });
    const client = connectorClient(server, demo.a, { fetch, retry });
    const { MessageThreads } = await client.messageThreads.add(thread);
    expect(MessageThreads).toHaveLength(1);
    expect(fetch.calls).toBe(5);
    expect(retries.map((event) => event.attempt)).toEqual([1, 2, 3, 4]);
    // Attempt n waits between half and all of 100 ms * 2^(n-1).
    waits.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** index);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** index);
    });
  });

  it('caps the backoff at maxDelayMs', async () => {
    const fetch = scriptedFetch([failure(503), failure(503), failure(503)]);
    const { retry, waits } = recordedRetry({ initialDelayMs: 100, maxDelayMs: 150 });
    await connectorClient(server, demo.a, { fetch, retry }).messageThreads.add(thread);
    expect(waits).toHaveLength(3);
    expect(Math.max(...waits)).toBeLessThanOrEqual(150);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const fetch = scriptedFetch(Array.from({ length: 10 }, () => failure(502)));
    const { retry } = recordedRetry({ maxAttempts: 3 });
    await expect(connectorClient(server, demo.a, { fetch, retry }).messageThreads.add(thread)).rejects.toBeInstanceOf(ServerError);
    expect(fetch.calls).toBe(3);
  });

  it('never retries a 403', async () => {
    const fetch = scriptedFetch([failure(403)]);
    const { retry } = recordedRetry();
    await expect(connectorClient(server, demo.a, { fetch, retry }).messageThreads.add(thread)).rejects.toBeInstanceOf(ForbiddenError);
    expect(fetch.calls).toBe(1);
  });

  it('makes one attempt only with retry: false', async () => {
    const fetch = scriptedFetch([failure(503)]);
    await expect(connectorClient(server, demo.a, { fetch, retry: false }).messageThreads.add(thread)).rejects.toBeInstanceOf(ServerError);
    expect(fetch.calls).toBe(1);
  });

  it('with retryAmbiguousAdds off, retries an add after a 429 but not after a 5xx', async () => {
    const { retry } = recordedRetry({ retryAmbiguousAdds: false });
    const afterServerError = scriptedFetch([failure(500)]);
    await expect(
      connectorClient(server, demo.a, { fetch: afterServerError, retry }).messageThreads.add(thread),
    ).rejects.toBeInstanceOf(ServerError);
    expect(afterServerError.calls).toBe(1);
    const afterRateLimit = scriptedFetch([{ status: 429, body: errorBody('Too many'), headers: { 'Retry-After': '0' } }]);
    await connectorClient(server, demo.a, { fetch: afterRateLimit, retry }).messageThreads.add(thread);
    expect(afterRateLimit.calls).toBe(2);
  });

  it('with retryAmbiguousAdds off, still retries a get-all after a 5xx', async () => {
    const { retry } = recordedRetry({ retryAmbiguousAdds: false });
    const emptyPage = { status: 200, body: JSON.stringify({ MessageThreads: [], Cursor: null }) };
    const fetch = scriptedFetch([failure(500), emptyPage]);
    const page = await connectorClient(server, demo.a, { fetch, retry }).messageThreads.getAll({
      MessageThreadIds: [crypto.randomUUID()],
      Limitation: { Count: 10 },
    });
    expect(page).toEqual({ MessageThreads: [], Cursor: null });
    expect(fetch.calls).toBe(2);
  });
});
