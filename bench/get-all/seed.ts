import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { nowUtc } from '../../src/domain/time.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES } from '../../src/store/sandbox-seed.ts';
import { openStore } from '../../src/store/store.ts';

/**
 * Seeds a fresh SQLite database for the get-all benchmark: the sandbox tenants, then `threads` message threads
 * created over the last 80 days (9 in 10 by "Are you ready to integrate", half in each enterprise, the rest by
 * "Test Client 2"), each with `messagesPerThread` messages, one minute apart, from alternating sides.
 * Rows go in directly, in creation order, in large transactions; the schema comes from the server's own migrations.
 *
 * @example npx tsx bench/get-all/seed.ts /tmp/get-all-1m.sqlite 1000000 5
 */
export async function seed(path: string, threads: number, messagesPerThread: number): Promise<void> {
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  const now = nowUtc();
  const store = openStore({ url: `sqlite:${path}` });
  await store.migrate();
  await store.seedSandbox(now);
  await store.close();

  const db = new SQLite(path);
  // Seeding only: no journal and no syncs (a crash means seeding again); the server reopens it in WAL mode.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -1000000');
  const insertThread = db.prepare(
    `insert into message_threads (id, enterprise_id, application_id, original_sender, subject, created_utc, updated_utc, is_resolved)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = db.prepare(
    'insert into messages (id, message_thread_id, text, sender, created_utc) values (?, ?, ?, ?, ?)',
  );
  const [measured, other] = SANDBOX_APPLICATIONS;
  const [a, b] = SANDBOX_ENTERPRISES;
  const start = now - 80 * 86_400;
  const step = (80 * 86_400 - messagesPerThread * 60) / threads;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = randomUUID();
      const created = start + Math.floor(i * step);
      const updated = created + (messagesPerThread > 0 ? (messagesPerThread - 1) * 60 : 0);
      const application = i % 10 === 9 ? other.id : measured.id;
      const enterprise = i % 2 === 0 ? a.id : b.id;
      insertThread.run(id, enterprise, application, `Guest ${i}`, `Subject ${i}`, created, updated, i % 3 === 0 ? 1 : 0);
      for (let k = 0; k < messagesPerThread; k++) {
        insertMessage.run(randomUUID(), id, `Message ${k} of thread ${i}`, k % 2 === 0 ? 'Application' : 'Enterprise', created + k * 60);
      }
    }
  });
  const began = performance.now();
  const BATCH = 50_000;
  for (let from = 0; from < threads; from += BATCH) batch(from, Math.min(threads, from + BATCH));
  db.pragma('journal_mode = WAL');
  db.close();
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  console.log(`seeded ${path}: ${threads} threads, ${threads * messagesPerThread} messages in ${seconds} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, threads = '10000', perThread = '5'] = process.argv.slice(2);
  if (!path) throw new Error('usage: seed.ts PATH [THREADS] [MESSAGES_PER_THREAD]');
  await seed(path, Number(threads), Number(perThread));
}
