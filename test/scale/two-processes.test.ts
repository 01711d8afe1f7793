import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addThread, aroundNow, getPage, pageAll } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { createTestDatabase, postJson, testBackend, type TestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

// Two server processes over one PostgreSQL database and one Redis, as an operator scales out. PostgreSQL runs only.
describe.runIf(testBackend === 'postgres')('two server processes sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let first: SpawnedServer;
  let second: SpawnedServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A window long enough that the burst below stays inside it however slow the machine is.
    const env = { ...database.env, RATE_LIMIT_WINDOW_S: '300' };
    // Started together: both migrate and seed the same empty database at once.
    [first, second] = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('both started on the same empty database, and report it and Redis healthy', async () => {
    for (const server of [first, second]) {
      const health = await fetch(new URL('/health', server.url));
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ Status: 'ok', Database: 'ok', Redis: 'ok' });
    }
  });

  it('pages through one the threads created through both, while both keep adding', async () => {
    const created: string[] = [];
    for (let i = 0; i < 10; i++) created.push((await addThread(i % 2 === 0 ? first : second, demo.b)).Id);
    const during: string[] = [];
    const addThroughBoth = () =>
      Promise.all([addThread(first, demo.b), addThread(second, demo.b)]).then((threads) => during.push(...threads.map((t) => t.Id)));

    const seen = await pageAll(second, 'threads', { ...demo.b, CreatedUtc: aroundNow() }, 3, addThroughBoth);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => created.includes(id))).toEqual(created.toReversed());
    expect(seen.every((id) => created.includes(id) || during.includes(id))).toBe(true);
    // And the other way round, by id.
    const page = await getPage(first, 'threads', { ...demo.b, MessageThreadIds: [created[1]!], Limitation: { Count: 10 } });
    expect(page.items.map((t) => t.Id)).toEqual([created[1]]);
  });

  it('counts one AccessToken\'s requests across both: 250 in the window give exactly 200 accepted and 50 refused', async () => {
    const body = { ...demo.otherApplication, OriginalSender: 'Burst', Subject: 'Shared limit' };
    const servers = [first, second];
    const statuses: number[] = [];
    const retryAfters: (string | null)[] = [];
    // 250 requests alternating between the two processes, ten at a time.
    for (let batch = 0; batch < 25; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => postJson(servers[(batch * 10 + i) % 2]!.url, ADD, body)),
      );
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429) retryAfters.push(response.headers.get('retry-after'));
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    for (const retryAfter of retryAfters) {
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(300);
    }
    // Another token is not counted with it.
    expect((await postJson(second.url, ADD, { ...demo.a, OriginalSender: 'G', Subject: 'S' })).status).toBe(200);
  });
});
