import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const thread = { OriginalSender: 'Guest', Subject: 'Hello' };

describe('request limit per AccessToken', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_S: '30' });
  });
  afterAll(() => server.close());

  it('answers 429 past the limit, with Retry-After counted from the first request of the burst', async () => {
    const firstSent = Date.now();
    const accepted = await Promise.all(Array.from({ length: 5 }, () => server.post(ADD, { ...demo.a, ...thread })));
    const burstAnswered = Date.now();
    expect(accepted.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    // Let part of the window pass: a window anchored to the first request now has less than 30 s left.
    await new Promise((r) => setTimeout(r, 1200));
    const rejectedSent = Date.now();
    const rejected = await server.post(ADD, { ...demo.a, ...thread });
    const rejectedAnswered = Date.now();
    expect(rejected.status).toBe(429);
    expect(rejected.body.RequestId).toBe(rejected.headers.get('request-id'));
    expect(rejected.body.Details).toBeNull();
    const retryAfter = rejected.headers.get('retry-after')!;
    expect(retryAfter).toMatch(/^\d+$/);
    // The server saw the first request between firstSent and burstAnswered, and the rejected one between rejectedSent
    // and rejectedAnswered; its window closes 30 s after the first.
    const mostLeftMs = 30_000 - (rejectedSent - burstAnswered);
    const leastLeftMs = 30_000 - (rejectedAnswered - firstSent);
    expect(Number(retryAfter)).toBeLessThanOrEqual(Math.ceil(mostLeftMs / 1000));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(Math.ceil(leastLeftMs / 1000));
  });

  it('counts each AccessToken on its own', async () => {
    const other = await Promise.all(Array.from({ length: 5 }, () => server.post(ADD, { ...demo.b, ...thread })));
    expect(other.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await server.post(ADD, { ...demo.b, ...thread })).status).toBe(429);
    expect((await server.post(ADD, { ...demo.otherApplication, ...thread })).status).toBe(200);
  });

  it('creates nothing for a rejected request', async () => {
    const before = await server.database.selectFrom('message_threads').select('id').execute();
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(429);
    const after = await server.database.selectFrom('message_threads').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});

describe('after the window', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_S: '1' });
  });
  afterAll(() => server.close());

  it('accepts requests again once Retry-After has passed', async () => {
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(200);
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(200);
    const rejected = await server.post(ADD, { ...demo.a, ...thread });
    expect(rejected.status).toBe(429);
    expect(rejected.headers.get('retry-after')).toBe('1');
    await new Promise((r) => setTimeout(r, Number(rejected.headers.get('retry-after')) * 1000 + 50));
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(200);
  });
});
