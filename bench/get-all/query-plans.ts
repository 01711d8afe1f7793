import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { MessageQuery, MessageThreadQuery } from '../../src/domain/store.ts';
import type { Database } from '../../src/store/database.ts';
import { messageRepository } from '../../src/store/repositories/message.repository.ts';
import { messageThreadRepository } from '../../src/store/repositories/message-thread.repository.ts';
import { SANDBOX_ENTERPRISES, SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';

/**
 * Prints SQLite's plan (`EXPLAIN QUERY PLAN`) for each get-all query shape, built by the repositories themselves, over
 * a database made by seed.ts, with the median time of the query in process (no HTTP): every page query must search
 * an index (no `SCAN`, no OFFSET) and take about as long 90 % deep as on the first page.
 *
 * @example npx tsx bench/get-all/query-plans.ts /tmp/get-all-100k.sqlite
 */
const path = process.argv[2];
if (!path) throw new Error('usage: query-plans.ts PATH');
const sqlite = new SQLite(path, { readonly: true });
if (process.env.PRAGMAS) for (const p of process.env.PRAGMAS.split(';')) sqlite.pragma(p);
let captured: CompiledQuery | undefined;
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    captured = event.query;
  },
});
const { findMessagePosition, findMessages } = messageRepository(db);
const { findMessageThreadPosition, findMessageThreads } = messageThreadRepository(db);

const integrationId = SANDBOX_INTEGRATIONS[0].id;
const [a, b] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];
const someThreads = sqlite
  .prepare('select id from message_threads where integration_id = ? order by seq desc limit 100')
  .pluck()
  .all(integrationId) as string[];
const newest = sqlite.prepare('select max(created_utc) from message_threads').pluck().get() as number;
const interval = { startUtc: newest - 88 * 86_400, endUtc: newest + 1 };
const inA = sqlite.prepare('select count(*) from message_threads where integration_id = ? and enterprise_id = ?').pluck().get(integrationId, a) as number;
// The position 90 % of the way down enterprise A's threads, newest first.
const deep = sqlite
  .prepare('select created_utc as createdUtc, seq from message_threads where integration_id = ? and enterprise_id = ? order by created_utc desc, seq desc limit 1 offset ?')
  .get(integrationId, a, Math.floor(inA * 0.9)) as { createdUtc: number; seq: number };
const deepMessage = sqlite
  .prepare(`select created_utc as createdUtc, seq from messages where message_thread_id in (${someThreads.map(() => '?').join(',')}) order by created_utc desc, seq desc limit 1 offset ?`)
  .get(...someThreads, Math.floor(someThreads.length * 5 * 0.9)) as { createdUtc: number; seq: number };

const threadBase: MessageThreadQuery = {
  visibility: { integrationId, enterpriseIds: [a] },
  messageThreadIds: null,
  createdUtc: null,
  updatedUtc: null,
  after: null,
  count: 100,
};
const messageBase: MessageQuery = {
  threads: { integrationId, enterpriseIds: [a, b], messageThreadIds: someThreads },
  createdUtc: null,
  after: null,
  count: 100,
};

const shapes: [string, () => Promise<unknown>][] = [
  ['threads: cursor lookup', () => findMessageThreadPosition(threadBase.visibility, someThreads[0]!)],
  ['threads: CreatedUtc, first page', () => findMessageThreads({ ...threadBase, createdUtc: interval })],
  ['threads: CreatedUtc, deep page', () => findMessageThreads({ ...threadBase, createdUtc: interval, after: deep })],
  ['threads: UpdatedUtc, first page', () => findMessageThreads({ ...threadBase, updatedUtc: interval })],
  ['threads: UpdatedUtc, deep page', () => findMessageThreads({ ...threadBase, updatedUtc: interval, after: deep })],
  [
    'threads: UpdatedUtc of the last hour (a poll), 1000',
    () => findMessageThreads({ ...threadBase, updatedUtc: { startUtc: newest - 3600, endUtc: newest + 1 }, count: 1000 }),
  ],
  ['threads: CreatedUtc and UpdatedUtc, deep page', () => findMessageThreads({ ...threadBase, createdUtc: interval, updatedUtc: interval, after: deep })],
  ['threads: 100 MessageThreadIds, first page', () => findMessageThreads({ ...threadBase, messageThreadIds: someThreads })],
  [
    'threads: portfolio (2 enterprises), CreatedUtc, first page',
    () => findMessageThreads({ ...threadBase, visibility: { integrationId, enterpriseIds: [a, b] }, createdUtc: interval }),
  ],
  [
    'threads: portfolio (2 enterprises), CreatedUtc, deep page',
    () => findMessageThreads({ ...threadBase, visibility: { integrationId, enterpriseIds: [a, b] }, createdUtc: interval, after: deep }),
  ],
  ['messages: cursor lookup', () => findMessagePosition(messageBase.threads, '00000000-0000-4000-8000-000000000000')],
  ['messages: 100 threads, first page', () => findMessages(messageBase)],
  ['messages: 100 threads, CreatedUtc, deep page', () => findMessages({ ...messageBase, createdUtc: { startUtc: newest - 29 * 86_400, endUtc: newest + 1 }, after: deepMessage })],
];

const RUNS = 50;
for (const [name, run] of shapes) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    await run();
    times.push(performance.now() - began);
  }
  const median = times.toSorted((x, y) => x - y)[RUNS / 2]!;
  const plan = sqlite.prepare(`explain query plan ${captured!.sql}`).all(...(captured!.parameters as unknown[])) as { detail: string }[];
  console.log(`${name}: median ${median.toFixed(2)} ms\n${plan.map((row) => `  ${row.detail}`).join('\n')}`);
}
await db.destroy();
