import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { createTestDatabase, postJson, unusedPort, type TestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

describe('with Redis unreachable', () => {
  let database: TestDatabase;
  let server: SpawnedServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await spawnServer({
      ...database.env,
      REDIS_URL: `redis://127.0.0.1:${await unusedPort()}`,
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_WINDOW_S: '300',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('starts, and logs a warning that limits are counted per process', () => {
    const warning = server.logLines().find((line) => line.level === 40 && /Redis unreachable/.test(line.msg));
    expect(warning).toBeDefined();
  });

  it('keeps serving, limited by the in-process limiter', async () => {
    const body = { ...demo.a, OriginalSender: 'Guest', Subject: 'No Redis' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postJson(server.url, ADD, body)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await postJson(server.url, ADD, body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('reports itself healthy but degraded, with Redis unavailable', async () => {
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ Status: 'degraded', Database: 'ok', Redis: 'unavailable' });
  });

  it('stops on SIGTERM although Redis never answered', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
