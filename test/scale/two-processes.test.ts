import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
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

  it('stores a thread created through one where the other reads it', async () => {
    const created = await postJson(first.url, ADD, { ...demo.b, OriginalSender: 'Guest of one', Subject: 'Seen by both' });
    expect(created.status).toBe(200);
    const id = created.body.MessageThreads[0].Id;
    // Read from the shared database: the second process answers from the same rows.
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('select original_sender, subject from message_threads where id = $1', [id]);
      expect(rows).toEqual([{ original_sender: 'Guest of one', subject: 'Seen by both' }]);
    } finally {
      await client.end();
    }
  });

  it('counts one AccessToken\'s requests across both: 250 in the window give exactly 200 accepted and 50 refused', async () => {
    const body = { ...demo.otherIntegration, OriginalSender: 'Burst', Subject: 'Shared limit' };
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
