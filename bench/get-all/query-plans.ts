import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { InboxThreadQuery } from '../../src/domain/enterprise-store.ts';
import type { MessageQuery, MessageThreadQuery } from '../../src/domain/store.ts';
import type { Database } from '../../src/store/database.ts';
import { sqliteMessageSearch } from '../../src/store/dialect/sqlite/message-search.ts';
import { inboxRepository } from '../../src/store/repositories/inbox.repository.ts';
import { messageRepository } from '../../src/store/repositories/message.repository.ts';
import { messageThreadRepository } from '../../src/store/repositories/message-thread.repository.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES } from '../../src/store/sandbox-seed.ts';

/**
 * Prints SQLite's plan (`EXPLAIN QUERY PLAN`) for each get-all query shape, built by the repositories themselves, over
 * a database made by seed.ts, with the median time of the shape in process (no HTTP) and the plan of each query it
 * runs (a cursor's lookup, then the page): every page query must search an index (no `SCAN`, no OFFSET) and take
 * about as long 90 % deep as on the first page.
 *
 * @example npx tsx bench/get-all/query-plans.ts /tmp/get-all-100k.sqlite
 */
const path = process.argv[2];
if (!path) throw new Error('usage: query-plans.ts PATH');
const sqlite = new SQLite(path, { readonly: true });
if (process.env.PRAGMAS) for (const p of process.env.PRAGMAS.split(';')) sqlite.pragma(p);
let captured: CompiledQuery[] = [];
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    captured.push(event.query);
  },
});
const { findMessages } = messageRepository(db);
const { findMessageThreads } = messageThreadRepository(db);
const { listInboxThreads } = inboxRepository(db, { messageSearch: sqliteMessageSearch });

const applicationId = SANDBOX_APPLICATIONS[0].id;
const [a, b] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];
const someThreads = sqlite
  .prepare('select id from message_threads where application_id = ? order by seq desc limit 100')
  .pluck()
  .all(applicationId) as string[];
const newest = sqlite.prepare('select max(created_utc) from message_threads').pluck().get() as number;
const interval = { startUtc: newest - 88 * 86_400, endUtc: newest + 1 };
const inA = sqlite.prepare('select count(*) from message_threads where application_id = ? and enterprise_id = ?').pluck().get(applicationId, a) as number;
// The position 90 % of the way down enterprise A's threads, newest first.
const deep = sqlite
  .prepare('select id from message_threads where application_id = ? and enterprise_id = ? order by created_utc desc, seq desc limit 1 offset ?')
  .pluck()
  .get(applicationId, a, Math.floor(inA * 0.9)) as string;
const deepMessage = sqlite
  .prepare(`select id from messages where message_thread_id in (${someThreads.map(() => '?').join(',')}) order by created_utc desc, seq desc limit 1 offset ?`)
  .pluck()
  .get(...someThreads, Math.floor(someThreads.length * 5 * 0.9)) as string;
const inEnterpriseA = sqlite.prepare('select count(*) from message_threads where enterprise_id = ?').pluck().get(a) as number;
const deepInInbox = sqlite
  .prepare('select id from message_threads where enterprise_id = ? order by updated_utc desc, seq desc limit 1 offset ?')
  .pluck()
  .get(a, Math.floor(inEnterpriseA * 0.9)) as string;

const threadBase: MessageThreadQuery = {
  visibility: { applicationId, enterpriseIds: [a] },
  messageThreadIds: null,
  createdUtc: null,
  updatedUtc: null,
  cursor: null,
  count: 100,
};
const messageBase: MessageQuery = {
  threads: { applicationId, enterpriseIds: [a, b], messageThreadIds: someThreads },
  createdUtc: null,
  cursor: null,
  count: 100,
};
const inboxBase: InboxThreadQuery = {
  visibility: { enterpriseIds: [a] },
  staffId: '00000000-0000-4000-8000-000000000000',
  isResolved: null,
  search: null,
  cursor: null,
  count: 100,
};

const shapes: [string, () => Promise<unknown>][] = [
  ['threads: CreatedUtc, first page', () => findMessageThreads({ ...threadBase, createdUtc: interval })],
  ['threads: CreatedUtc, deep page', () => findMessageThreads({ ...threadBase, createdUtc: interval, cursor: deep })],
  ['threads: UpdatedUtc, first page', () => findMessageThreads({ ...threadBase, updatedUtc: interval })],
  ['threads: UpdatedUtc, deep page', () => findMessageThreads({ ...threadBase, updatedUtc: interval, cursor: deep })],
  [
    'threads: UpdatedUtc of the last hour (a poll), 1000',
    () => findMessageThreads({ ...threadBase, updatedUtc: { startUtc: newest - 3600, endUtc: newest + 1 }, count: 1000 }),
  ],
  ['threads: CreatedUtc and UpdatedUtc, deep page', () => findMessageThreads({ ...threadBase, createdUtc: interval, updatedUtc: interval, cursor: deep })],
  ['threads: 100 MessageThreadIds, first page', () => findMessageThreads({ ...threadBase, messageThreadIds: someThreads })],
  [
    'threads: portfolio (2 enterprises), CreatedUtc, first page',
    () => findMessageThreads({ ...threadBase, visibility: { applicationId, enterpriseIds: [a, b] }, createdUtc: interval }),
  ],
  [
    'threads: portfolio (2 enterprises), CreatedUtc, deep page',
    () => findMessageThreads({ ...threadBase, visibility: { applicationId, enterpriseIds: [a, b] }, createdUtc: interval, cursor: deep }),
  ],
  ['messages: 100 threads, first page', () => findMessages(messageBase)],
  ['messages: 100 threads, CreatedUtc, deep page', () => findMessages({ ...messageBase, createdUtc: { startUtc: newest - 29 * 86_400, endUtc: newest + 1 }, cursor: deepMessage })],
  ['inbox: first page', () => listInboxThreads(inboxBase)],
  ['inbox: deep page', () => listInboxThreads({ ...inboxBase, cursor: deepInInbox })],
  ['inbox: unresolved, deep page', () => listInboxThreads({ ...inboxBase, isResolved: false, cursor: deepInInbox })],
];

const RUNS = 50;
for (const [name, run] of shapes) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    captured = [];
    const began = performance.now();
    await run();
    times.push(performance.now() - began);
  }
  const median = times.toSorted((x, y) => x - y)[RUNS / 2]!;
  const plans = captured.map((query) => {
    const plan = sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
    return plan.map((row) => `  ${row.detail}`).join('\n');
  });
  console.log(`${name}: median ${median.toFixed(2)} ms\n${plans.join('\n  --\n')}`);
}
await db.destroy();
