import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { boundedLoad } from '../helpers/bounded-load.ts';
import { CONNECTOR_PATHS } from '../helpers/connector.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { eventually } from '../helpers/eventually.ts';
import { demo } from '../helpers/sandbox.ts';
import { createTestDatabase, testBackend } from '../helpers/server.ts';
import { spawnServer } from '../helpers/spawned-server.ts';

/**
 * SIGTERM in the middle of a bounded load of keep-alive clients: every request sent is answered (its connection
 * closing only after the answer), a connection opened after the server stopped listening is refused before anything
 * is sent on it, and every acknowledged write is stored.
 */
describe(`graceful shutdown on ${testBackend}`, { timeout: 180_000 }, () => {
  for (const workers of [1, 2]) {
    it(`loses no request under load with WORKERS=${workers}`, async () => {
      const database = await createTestDatabase();
      const server = await spawnServer({ ...database.env, WORKERS: String(workers), RATE_LIMIT_MAX: '1000000' });
      try {
        let exited = false;
        void server.exited.then(() => (exited = true));
        let answered = 0;
        const loading = boundedLoad({
          url: server.url,
          concurrency: 8,
          request: (n) => ({ path: CONNECTOR_PATHS.addThread, body: { ...demo.a, OriginalSender: 'Load', Subject: `Load ${n}` } }),
          done: () => exited,
          maxRequests: 20_000,
          timeoutMs: 30_000,
          onAnswer: () => void (answered += 1),
        });
        await eventually(() => answered >= 100, Boolean, 60_000);
        const code = await server.stop('SIGTERM');
        const load = await loading;

        const db = openTestDatabase(database.env.DATABASE_URL!);
        const stored = new Set((await db.selectFrom('message_threads').select('id').execute()).map((row) => row.id));
        await db.destroy();
        const lost = load.acknowledged.map((r) => r.body.MessageThreads[0].Id as string).filter((id) => !stored.has(id));
        console.log(
          `shutdown: WORKERS=${workers}: ${JSON.stringify({ requests: load.sent, refused: load.refused, statuses: load.statuses, faults: load.faults, lost: lost.length })}`,
        );

        expect(code).toBe(0);
        expect(load.faults).toEqual([]);
        expect(Object.keys(load.statuses)).toEqual(['200']);
        expect(lost).toEqual([]);
      } finally {
        await server.dispose();
        await database.drop();
      }
    });
  }

  it('is not held by a connection that never sends a request', async () => {
    const server = await spawnServer();
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    try {
      await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      // Bounded: a server held by the connection would never exit by itself.
      const code = await Promise.race([server.stop('SIGTERM'), new Promise((resolve) => setTimeout(resolve, 20_000, 'still running'))]);
      expect(code).toBe(0);
      await closed;
    } finally {
      socket.destroy();
      await server.dispose();
    }
  });
});
