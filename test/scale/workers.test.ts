import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase, testBackend, type TestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

/** POSTs on a connection of its own (closed after the answer), so that the cluster may hand it to any worker. */
function postOnNewConnection(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** GETs on a connection of its own, so that the cluster may hand it to any worker. */
function getOnNewConnection(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(new URL(path, url), { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    })
      .on('error', reject)
      .end();
  });
}

describe(`WORKERS=2 on ${testBackend}`, () => {
  let database: TestDatabase;
  let cluster: SpawnedServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Arrivals are logged at debug only.
    cluster = await spawnServer({ ...database.env, WORKERS: '2', LOG_LEVEL: 'debug', RATE_LIMIT_MAX: '40', RATE_LIMIT_WINDOW_S: '300' });
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  it('serves on one port from two worker processes, writing to one database concurrently', async () => {
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => postOnNewConnection(cluster.url, ADD, { ...demo.a, OriginalSender: `Guest ${i}`, Subject: 'Cluster' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(24).fill(200));
    expect(new Set(responses.map((r) => r.body.MessageThreads[0].Id)).size).toBe(24);
    const primary = cluster.process.pid;
    const servedBy = () => new Set(cluster.logLines().filter((l) => l.msg === 'request completed').map((l) => l.pid));
    // Which worker takes a connection is the cluster's choice; a fast worker may take a whole burst. More connections
    // (to an operation outside the request limit) until both have answered, a bounded number of times.
    for (let i = 0; i < 200 && servedBy().size < 2; i++) await getOnNewConnection(cluster.url, '/health');
    expect(servedBy().size).toBe(2);
    const lines = cluster.logLines();
    expect(servedBy().has(primary)).toBe(false);
    const listening = lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at'));
    expect(new Set(listening.map((l) => l.pid)).size).toBe(2);
    expect(new Set(listening.map((l) => l.msg))).toEqual(new Set([`Server listening at ${cluster.url}`]));
  });

  it('counts one AccessToken\'s requests across the workers, as one process would (via Redis, or else the primary)', async () => {
    const body = { ...demo.b, OriginalSender: 'Burst', Subject: 'One limit' };
    const responses = [];
    for (let batch = 0; batch < 5; batch++) {
      responses.push(...(await Promise.all(Array.from({ length: 9 }, () => postOnNewConnection(cluster.url, ADD, body)))));
    }
    expect(responses.filter((r) => r.status === 200)).toHaveLength(40);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('stops every worker on SIGTERM to the primary, after their requests in flight', async () => {
    // A request whose body is still arriving when the signal comes: it must still be answered.
    const body = JSON.stringify({ ...demo.a, OriginalSender: 'Last', Subject: 'Before closing' });
    const req = request(new URL(ADD, cluster.url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } });
    const answer = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
    });
    const received = () => cluster.logLines().filter((l) => l.msg === 'incoming request' && l.req?.url === ADD).length;
    const before = received();
    req.write(body.slice(0, 10));
    await eventually(() => received() > before);

    const stopped = cluster.stop('SIGTERM');
    await eventually(() => cluster.logLines().filter((l) => l.msg === 'closing: finishing requests in flight').length === 2);
    req.end(body.slice(10));

    expect(await answer).toBe(200);
    expect(await stopped).toBe(0);
    const closing = cluster.logLines().filter((l) => l.msg === 'closing: finishing requests in flight');
    expect(new Set(closing.map((l) => l.pid)).size).toBe(2);
  });
});
