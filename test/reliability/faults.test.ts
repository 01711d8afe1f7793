import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedLoad, contractFault, type LoadFigures } from '../helpers/bounded-load.ts';
import { CONNECTOR_PATHS, type Credentials } from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { canStartPostgresCluster, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.ts';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { demo } from '../helpers/sandbox.ts';
import { postJson, startTestServer, temporaryFolder, testBackend, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);

/** A request of the load: a new thread, each with its number as subject so that every one can be found again. */
const addThread = (credentials: Credentials) => (n: number) => ({
  path: CONNECTOR_PATHS.addThread,
  body: { ...credentials, OriginalSender: 'Load', Subject: `Load ${n}` },
});

/** Far above the load: these suites are about the database and Redis, not the request limit. */
const NO_LIMIT = { RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW_S: '60' };
/** A request of the load that takes longer than this is hung (the pool's connect timeout is 5 s). */
const HANG_MS = 15_000;

function report(name: string, load: LoadFigures, extra: Record<string, unknown> = {}): void {
  const figures = { requests: load.sent, refused: load.refused, statuses: load.statuses, slowestMs: load.slowestMs, faults: load.faults.length, ...extra };
  console.log(`faults: ${name}: ${JSON.stringify(figures)}`);
}

const health = async (server: { url: string }) => {
  const response = await fetch(new URL('/health', server.url));
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

if (testBackend !== 'postgres') {
  console.log('faults: the PostgreSQL and Redis cases run in the PostgreSQL phase (TEST_BACKEND=postgres)');
}

describe.runIf(testBackend === 'postgres' && canStartPostgresCluster)('faults of PostgreSQL and Redis', { timeout: 60_000 }, () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.dispose());

  it('answers 503 with Retry-After while PostgreSQL restarts, recovers by itself, and keeps every acknowledged write', async () => {
    const server = await startTestServer({ ...NO_LIMIT, DATABASE_URL: cluster.url });
    try {
      let phase: 'before' | 'outage' | 'after' | 'done' = 'before';
      let unavailable = 0;
      let acknowledgedAfter = 0;
      const loading = boundedLoad({
        url: server.url,
        concurrency: 6,
        request: addThread(demo.a),
        done: () => phase === 'done',
        maxRequests: 20_000,
        timeoutMs: HANG_MS,
        onAnswer: (response) => {
          if (response.status === 503) unavailable += 1;
          if (response.status === 200 && phase === 'after') acknowledgedAfter += 1;
        },
      });
      await eventually(async () => (await postJson(server.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(0).body)).status === 200);

      phase = 'outage';
      const outageStarted = performance.now();
      await cluster.stop();
      const during = await health(server);
      const refusedWrite = await postJson(server.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(1).body);
      // Down long enough for every loop to meet the outage a few times.
      await eventually(() => unavailable >= 60);
      await cluster.start();
      const outageMs = Math.round(performance.now() - outageStarted);

      phase = 'after';
      // Recovered by itself: writes succeed again without anything being restarted.
      const recovered = await eventually(
        () => postJson(server.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(2).body),
        (response) => response.status === 200,
      );
      const after = await health(server);
      await eventually(() => acknowledgedAfter >= 30);
      phase = 'done';
      const load = await loading;

      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const stored = new Set(
        (await client.query<{ id: string }>('select id from message_threads')).rows.map((row) => row.id),
      );
      await client.end();
      const acknowledged = [...load.acknowledged, recovered].map((response) => response.body.MessageThreads[0].Id as string);
      const lost = acknowledged.filter((id) => !stored.has(id));
      report('PostgreSQL restarted under load', load, { outageMs, acknowledged: acknowledged.length, lost: lost.length });

      expect(during).toEqual({ status: 503, body: { Status: 'unavailable', Database: 'unavailable' } });
      expect(refusedWrite.status).toBe(503);
      expect(contractFault(refusedWrite)).toBeUndefined();
      expect(refusedWrite.body.Message).toMatch(/database is unavailable/);
      expect(after).toEqual({ status: 200, body: { Status: 'ok', Database: 'ok' } });
      expect(load.faults).toEqual([]);
      expect(load.statuses[503]).toBeGreaterThan(0);
      expect(Object.keys(load.statuses).sort()).toEqual(['200', '503']);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(lost).toEqual([]);
    } finally {
      await server.close();
    }
  });

  describe('Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(() => redis?.dispose());

    it('costs one timeout per outage when Redis hangs, counts in process meanwhile, and shares again once it answers', async () => {
      const server = await startTestServer({
        DATABASE_URL: cluster.url,
        REDIS_URL: redis.url,
        RATE_LIMIT_KEY_PREFIX: 'hung',
        RATE_LIMIT_MAX: '1000',
        RATE_LIMIT_WINDOW_S: '300',
      });
      try {
        expect((await health(server)).body).toEqual({ Status: 'ok', Database: 'ok', Redis: 'ok' });
        // What reached Redis during the hang is counted by Redis itself once it runs again: every command a request
        // sent is executed then, even though its caller stopped waiting after the command timeout.
        const observer = new Redis(redis.url);
        await observer.config('RESETSTAT');
        redis.pause();
        // One request at a time: without the breaker, each would send its command and wait for Redis's timeout.
        const load = await boundedLoad({
          url: server.url,
          concurrency: 1,
          request: addThread(demo.a),
          done: () => false,
          maxRequests: 30,
          timeoutMs: HANG_MS,
        });
        const degraded = await health(server);
        redis.resume();
        await eventually(async () => (await health(server)).body.Redis === 'ok');
        const stats = await observer.info('commandstats');
        await observer.quit();
        // The limiter's Lua script (rate-limiter-flexible sends it as EVALSHA, or EVAL the first time).
        const limiterCalls = [...stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
        report('Redis hung (SIGSTOP)', load, { limiterCallsDuringHang: limiterCalls });

        expect(load.faults).toEqual([]);
        expect(load.statuses).toEqual({ 200: 30 });
        // The breaker: the first request's command times out and opens it; the other 29 are counted in process.
        expect(limiterCalls).toBeLessThanOrEqual(1);
        expect(degraded).toEqual({ status: 200, body: { Status: 'degraded', Database: 'ok', Redis: 'unavailable' } });
      } finally {
        redis.resume();
        await server.close();
      }
    });

    it('shares the limit between processes again within seconds of Redis restarting under load', async () => {
      const env = { DATABASE_URL: cluster.url, REDIS_URL: redis.url, RATE_LIMIT_KEY_PREFIX: 'restart', RATE_LIMIT_MAX: '10', RATE_LIMIT_WINDOW_S: '300' };
      // Two servers over one database and one Redis stand for two processes.
      const servers: TestServer[] = [await startTestServer(env), await startTestServer(env)];
      try {
        let stop = false;
        const loads = servers.map((server) =>
          boundedLoad({ url: server.url, concurrency: 2, request: addThread(demo.a), done: () => stop, maxRequests: 2000, timeoutMs: HANG_MS }),
        );
        await redis.kill();
        await eventually(async () => (await Promise.all(servers.map(health))).every((h) => h.body.Redis === 'unavailable'));
        const restarted = performance.now();
        await redis.start();
        await eventually(async () => (await Promise.all(servers.map(health))).every((h) => h.body.Redis === 'ok'), Boolean, 10_000);
        const sharedAfterMs = Math.round(performance.now() - restarted);
        stop = true;
        const [one, two] = await Promise.all(loads);

        // A token unused so far: 10 requests in all are let through, alternating between the servers.
        const statuses: number[] = [];
        for (let i = 0; i < 14; i++) {
          statuses.push((await postJson(servers[i % 2]!.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(i).body)).status);
        }
        for (const [i, load] of [one!, two!].entries()) report(`Redis restarted under load, server ${i + 1}`, load, { sharedAfterMs });

        expect([...one!.faults, ...two!.faults]).toEqual([]);
        expect(statuses.filter((s) => s === 200)).toHaveLength(10);
        expect(statuses.filter((s) => s === 429)).toHaveLength(4);
      } finally {
        await Promise.all(servers.map((server) => server.close()));
      }
    });
  });
});

/** A tmpfs of `size` mounted on a new folder, or undefined when this machine does not let the test mount one. */
async function smallDisk(size: string): Promise<{ folder: string; unmount(): Promise<void> } | undefined> {
  const folder = temporaryFolder();
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]);
  } catch {
    rmSync(folder, { recursive: true, force: true });
    return undefined;
  }
  return {
    folder,
    async unmount() {
      await run('umount', [folder]).catch(() => run('umount', ['-l', folder]));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Fills the disk under `folder` with one file until it is full; removing that file gives the space back. */
function fill(folder: string): string {
  const filler = join(folder, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = Buffer.alloc(0);
  try {
    for (;;) {
      written = Buffer.concat([written, chunk]);
      writeFileSync(filler, written);
    }
  } catch {
    // ENOSPC: full, as far as whole chunks go; the last bytes with a smaller write.
    try {
      for (let size = 32 * 1024; size >= 512; size /= 2) writeFileSync(filler, Buffer.alloc(size, 1), { flag: 'a' });
    } catch {
      // full
    }
  }
  return filler;
}

describe.runIf(testBackend === 'sqlite')('SQLite on a full disk', { timeout: 60_000 }, () => {
  let disk: Awaited<ReturnType<typeof smallDisk>>;
  beforeAll(async () => {
    disk = await smallDisk('8m');
    if (!disk) console.log('faults: SQLite on a full disk skipped: this machine does not let the test mount a tmpfs');
  });
  afterAll(() => disk?.unmount());

  it('answers 503 while the disk is full, loses nothing acknowledged, and writes again once there is space', async (context) => {
    if (!disk) return context.skip();
    mkdirSync(join(disk.folder, 'data'));
    const server = await startTestServer({ ...NO_LIMIT, DATABASE_URL: `sqlite:${join(disk.folder, 'data', 'connector.sqlite')}` });
    try {
      let phase: 'before' | 'full' | 'done' = 'before';
      let filler: string | undefined;
      const loading = boundedLoad({
        url: server.url,
        concurrency: 4,
        // Texts of a few kilobytes fill the remaining pages quickly.
        request: (n) => ({ path: CONNECTOR_PATHS.addThread, body: { ...demo.a, OriginalSender: 'Load', Subject: `Load ${n} ${'x'.repeat(200)}` } }),
        done: () => phase === 'done',
        maxRequests: 5000,
        timeoutMs: HANG_MS,
      });
      await eventually(async () => (await postJson(server.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(0).body)).status === 200);
      phase = 'full';
      filler = fill(disk.folder);
      const refused = await eventually(
        () => postJson(server.url, CONNECTOR_PATHS.addThread, { ...demo.b, OriginalSender: 'Full', Subject: 'y'.repeat(4000) }),
        (response) => response.status === 503,
      );
      rmSync(filler);
      const resumed = await eventually(
        () => postJson(server.url, CONNECTOR_PATHS.addThread, addThread(demo.b)(1).body),
        (response) => response.status === 200,
      );
      phase = 'done';
      const load = await loading;

      const stored = new Set((await server.database.selectFrom('message_threads').select('id').execute()).map((row) => row.id));
      const acknowledged = [...load.acknowledged, resumed].map((response) => response.body.MessageThreads[0].Id as string);
      const lost = acknowledged.filter((id) => !stored.has(id));
      report('SQLite disk full', load, { acknowledged: acknowledged.length, lost: lost.length });

      expect(contractFault(refused)).toBeUndefined();
      expect(refused.body.Message).toMatch(/disk is full/);
      expect(load.faults).toEqual([]);
      expect(Object.keys(load.statuses).every((status) => status === '200' || status === '503')).toBe(true);
      expect(lost).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
