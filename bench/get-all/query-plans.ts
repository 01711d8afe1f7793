import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { MessageQuery, MessageThreadQuery } from '../../src/domain/store.ts';
import type { Database } from '../../src/store/database.ts';
import { findMessagePosition, findMessages } from '../../src/store/repositories/message.repository.ts';
import { findMessageThreadPosition, findMessageThreads } from '../../src/store/repositories/message-thread.repository.ts';
import { SANDBOX_ENTERPRISES, SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';

/**
 * Prints SQLite's plan (`EXPLAIN QUERY PLAN`) for each get-all query shape, built by the repositories themselves, over
 * a database made by seed.ts: every page query must search an index (no `SCAN`, no OFFSET), whatever the depth.
 *
 * @example npx tsx bench/get-all/query-plans.ts /tmp/get-all-100k.sqlite
 */
const path = process.argv[2];
if (!path) throw new Error('usage: query-plans.ts PATH');
const sqlite = new SQLite(path, { readonly: true });
let captured: CompiledQuery | undefined;
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    captured = event.query;
  },
});

const integrationId = SANDBOX_INTEGRATIONS[0].id;
const [a, b] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];
const someThreads = sqlite
  .prepare('select id from message_threads where integration_id = ? order by seq desc limit 100')
  .pluck()
  .all(integrationId) as string[];
const newest = sqlite.prepare('select max(created_utc) from message_threads').pluck().get() as number;
const after = { createdUtc: newest - 40 * 86_400, seq: 1 };
const interval = { startUtc: newest - 60 * 86_400, endUtc: newest };

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
  ['threads: cursor lookup', () => findMessageThreadPosition(db, threadBase.visibility, someThreads[0]!)],
  ['threads: CreatedUtc, first page', () => findMessageThreads(db, { ...threadBase, createdUtc: interval })],
  ['threads: CreatedUtc, deep page', () => findMessageThreads(db, { ...threadBase, createdUtc: interval, after })],
  ['threads: UpdatedUtc, deep page', () => findMessageThreads(db, { ...threadBase, updatedUtc: interval, after })],
  ['threads: MessageThreadIds, deep page', () => findMessageThreads(db, { ...threadBase, messageThreadIds: someThreads, after })],
  [
    'threads: portfolio (2 enterprises), CreatedUtc, deep page',
    () => findMessageThreads(db, { ...threadBase, visibility: { integrationId, enterpriseIds: [a, b] }, createdUtc: interval, after }),
  ],
  ['messages: cursor lookup', () => findMessagePosition(db, messageBase.threads, '00000000-0000-4000-8000-000000000000')],
  ['messages: 100 threads, first page', () => findMessages(db, messageBase)],
  ['messages: 100 threads, CreatedUtc, deep page', () => findMessages(db, { ...messageBase, createdUtc: interval, after })],
];

for (const [name, run] of shapes) {
  await run();
  const plan = sqlite.prepare(`explain query plan ${captured!.sql}`).all(...(captured!.parameters as unknown[])) as { detail: string }[];
  console.log(`${name}\n${plan.map((row) => `  ${row.detail}`).join('\n')}`);
}
await db.destroy();
