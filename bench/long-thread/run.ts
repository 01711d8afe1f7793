import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { nowUtc } from '../../src/domain/time.ts';
import type { MessageQuery } from '../../src/domain/store.ts';
import type { Database } from '../../src/store/database.ts';
import { postgresCommitOrder } from '../../src/store/dialect/postgres/commit-order.ts';
import { messageRepository } from '../../src/store/repositories/message.repository.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES } from '../../src/store/sandbox-seed.ts';
import { demo } from '../../test/helpers/sandbox.ts';
import { createTestDatabase } from '../../test/helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../../test/helpers/spawned-server.ts';
import { checkoutAt, currentCheckout, type Checkout } from '../shared/checkout-at.ts';
import { cleanUp, onCleanup } from '../shared/cleanup.ts';
import { percentile, sequentialLatencies } from '../shared/sequential-latencies.ts';

/**
 * messages/getAll over a thread of `MESSAGES` (default 200,000) messages, on SQLite and on PostgreSQL: a fresh database
 * each, a server over it (and with `--server-at REV`, that commit's server over the same database), the long thread
 * written straight into the database, 99 short threads through the API. Per scenario 100 warm-up requests, then
 * `REQUESTS` (default 1000) sequential requests over one connection (autocannon), in rounds alternating between the
 * servers, every answer checked to be 200; prints p50/p99/mean. Then each page query's plan on each engine, as the
 * repository builds it (`EXPLAIN QUERY PLAN`, `EXPLAIN`).
 *
 * @example npx tsx bench/long-thread/run.ts [--backends sqlite,postgres] [--server-at main]
 */

const MESSAGES = Number(process.env.MESSAGES ?? 200_000);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const WARMUP = 100;
const ROUNDS = 5;
const PAGE = 100;
const { values: options } = parseArgs({
  options: { backends: { type: 'string', default: 'sqlite,postgres' }, 'server-at': { type: 'string', multiple: true, default: [] } },
});

/** The long thread's messages, one row per message, two per second, ending a day ago; ids are valid UUIDs. */
const SEED = {
  sqlite: `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into messages (id, message_thread_id, text, sender, created_utc)
    select '00000000-0000-4000-8000-' || printf('%012d', i), ?, 'Message ' || i, case i % 2 when 0 then 'Application' else 'Enterprise' end, ? + i / 2 from n`,
  postgres: `insert into messages (id, message_thread_id, text, sender, created_utc)
    select '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), $2, 'Message ' || i, case i % 2 when 0 then 'Application' else 'Enterprise' end, $3 + i / 2
    from generate_series(1, $1::int) as i`,
};

/** A connection of the benchmark's own to the database: seeding, cursors, plans; `captured` what `db` ran. */
interface Direct {
  readonly db: Kysely<Database>;
  readonly captured: CompiledQuery[];
  run(sql: string, parameters: readonly unknown[]): Promise<Record<string, unknown>[]>;
  plan(query: CompiledQuery): Promise<string>;
  close(): Promise<void>;
}

function direct(backend: 'sqlite' | 'postgres', url: string): Direct {
  const captured: CompiledQuery[] = [];
  const log = (event: { query: CompiledQuery }) => void captured.push(event.query);
  if (backend === 'sqlite') {
    const sqlite = new SQLite(url.replace(/^sqlite:/, ''));
    sqlite.pragma('busy_timeout = 5000');
    return {
      captured,
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log }),
      run: async (text, parameters) => {
        const statement = sqlite.prepare(text);
        return statement.reader ? (statement.all(...parameters) as Record<string, unknown>[]) : (statement.run(...parameters), []);
      },
      plan: async (query) =>
        (sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[]).map((r) => `  ${r.detail}`).join('\n'),
      close: async () => void sqlite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    captured,
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log }),
    run: async (text, parameters) => (await pool.query(text, parameters as unknown[])).rows,
    plan: async (query) =>
      (await pool.query(`explain ${query.sql}`, query.parameters as unknown[])).rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'),
    close: () => pool.end(),
  };
}

async function post(url: string, path: string, body: unknown): Promise<any> {
  const response = await fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const measure = (url: string, body: unknown, amount: number) => sequentialLatencies(new URL('/api/connector/v1/messages/getAll', url).href, body, amount);

const checkouts: Checkout[] = [currentCheckout(), ...options['server-at'].map(checkoutAt)];
const compared = checkouts.length > 1;
const plans: string[] = [];
try {
  console.log(`${MESSAGES.toLocaleString('en')} messages in the long thread, ${REQUESTS} requests per scenario and server, ${new Date().toISOString()}`);
  console.log(`| database | scenario |${compared ? ' server |' : ''} p50 ms | p99 ms | mean ms |`);
  console.log(`| --- | --- |${compared ? ' --- |' : ''} ---: | ---: | ---: |`);
  for (const backend of options.backends.split(',') as ('sqlite' | 'postgres')[]) {
    const database = await createTestDatabase(backend);
    onCleanup(`the ${backend} database`, () => database.drop());
    const servers: SpawnedServer[] = [];
    for (const checkout of checkouts) {
      const server = await spawnServer({ ...database.env, RATE_LIMIT_MAX: '1000000000', LOG_LEVEL: 'info' }, `${checkout.root}/bin/connector-messaging.js`);
      onCleanup(`the ${checkout.label} server on ${backend}`, async () => void (await server.stop()));
      servers.push(server);
    }
    const url = servers[0]!.url;
    const newThread = async () =>
      (await post(url, '/api/connector/v1/messageThreads/add', { ...demo.a, EnterpriseId: SANDBOX_ENTERPRISES[0].id, OriginalSender: 'Guest', Subject: 'Long' })).MessageThreads[0].Id as string;
    const long = await newThread();
    const short: string[] = [];
    for (let i = 0; i < 99; i++) {
      const id = await newThread();
      short.push(id);
      await post(url, '/api/connector/v1/messages/add', { ...demo.a, Messages: Array.from({ length: 5 }, (_, k) => ({ MessageThreadId: id, Text: `Short ${k}` })) });
    }
    const connection = direct(backend, database.env.DATABASE_URL!);
    await connection.run(SEED[backend], [MESSAGES, long, nowUtc() - 86_400 - MESSAGES / 2]);
    await connection.run(backend === 'sqlite' ? 'analyze' : 'analyze messages', []);
    const at = async (threads: string[], offset: number) =>
      (await connection.run(
        `select id from messages where message_thread_id in (${threads.map((_, i) => (backend === 'sqlite' ? '?' : `$${i + 1}`)).join(',')}) order by created_utc desc, seq desc limit 1 offset ${offset}`,
        threads,
      ))[0]!.id as string;
    const all = [long, ...short];
    const scenarios = [
      { name: '1 long thread, first page', threads: [long], cursor: null },
      { name: '1 long thread, deep page (90 %)', threads: [long], cursor: await at([long], Math.floor(MESSAGES * 0.9)) },
      { name: 'long thread + 99 short, first page', threads: all, cursor: null },
      { name: 'long thread + 99 short, deep page (90 %)', threads: all, cursor: await at(all, Math.floor(MESSAGES * 0.9)) },
    ];
    for (const scenario of scenarios) {
      const body = { ...demo.a, MessageThreadIds: scenario.threads, Limitation: { Count: PAGE, Cursor: scenario.cursor } };
      for (const server of servers) {
        const { Messages } = await post(server.url, '/api/connector/v1/messages/getAll', body);
        if (Messages.length !== PAGE) throw new Error(`${scenario.name}: ${Messages.length} messages, not ${PAGE}`);
      }
      const latencies = servers.map(() => [] as number[]);
      for (const server of servers) await measure(server.url, body, WARMUP);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, server] of servers.entries()) latencies[i]!.push(...(await measure(server.url, body, REQUESTS / ROUNDS)));
      }
      for (const [i, checkout] of checkouts.entries()) {
        const sorted = latencies[i]!.toSorted((x, y) => x - y);
        const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
        console.log(`| ${backend} | ${scenario.name} |${compared ? ` ${checkout.label} |` : ''} ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${mean.toFixed(2)} |`);
      }
      // This checkout's queries for the scenario, as its repository builds them, with the engine's plan of each.
      connection.captured.length = 0;
      const query: MessageQuery = {
        threads: { applicationId: SANDBOX_APPLICATIONS[0].id, enterpriseIds: [SANDBOX_ENTERPRISES[0].id], messageThreadIds: scenario.threads },
        createdUtc: null,
        cursor: scenario.cursor,
        count: PAGE,
      };
      await messageRepository(connection.db, backend === 'postgres' ? { lateralJoins: true, commitOrder: postgresCommitOrder } : {}).findMessages(query);
      const queries = connection.captured.splice(0);
      const shown: string[] = [];
      // Long plans (one branch per thread) are cut after their first lines: the branches repeat.
      for (const q of queries) shown.push((await connection.plan(q)).split('\n').slice(0, 14).join('\n'));
      plans.push(`${backend}, ${scenario.name}:\n${shown.join('\n  --\n')}`);
    }
    await connection.close();
  }
  console.log(`\n${plans.join('\n\n')}`);
} finally {
  await cleanUp();
}
