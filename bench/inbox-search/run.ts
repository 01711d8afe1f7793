import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { nowUtc } from '../../src/domain/time.ts';
import { openDialect } from '../../src/store/dialect/open-dialect.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES, SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { openStore } from '../../src/store/store.ts';
import { createTestDatabase } from '../../test/helpers/server.ts';
import { spawnServer } from '../../test/helpers/spawned-server.ts';
import { cleanUp, onCleanup } from '../shared/cleanup.ts';
import { cpuMicroseconds } from '../shared/process-stats.ts';
import { percentile } from '../shared/sequential-latencies.ts';

/**
 * The inbox's search over `MESSAGES` (default 1,000,000) messages, on SQLite and on PostgreSQL: a fresh database each,
 * migrated by the server's own migrations (so with the message-text index), the messages written straight into it in
 * multi-row inserts, `MESSAGES / 50` threads of 50 messages each, half in each sandbox enterprise. Then a server over
 * it, and per scenario `QUERIES` (default 200) sequential `enterprise/v1/messageThreads/getAll` requests as enterprise
 * A's receptionist (open threads, 100 a page, the first page: with its counts), each scenario's search texts taken in
 * turn; prints p50/p99/mean and the server's CPU time per request. Every answer is checked (200, and the rare texts'
 * counts).
 *
 * @example MESSAGES=1000000 npx tsx bench/inbox-search/run.ts [--backends sqlite,postgres]
 */

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const QUERIES = Number(process.env.QUERIES ?? 200);
const MESSAGES_PER_THREAD = 50;
const THREADS = Math.floor(MESSAGES / MESSAGES_PER_THREAD);
/** Rows per insert statement (within both engines' parameter limits), statements per transaction. */
const ROWS_PER_INSERT = 1000;
const INSERTS_PER_TRANSACTION = 20;
/** Every `PLANTED_EVERY`th message carries a booking reference of its own: text found in exactly one message. */
const PLANTED_EVERY = 997;
const WARMUP = 20;
const { values: options } = parseArgs({ options: { backends: { type: 'string', default: 'sqlite,postgres' } } });

const WORDS = (
  'room towels breakfast checkout late early key card lift parking taxi airport spa pool gym wifi password noise ' +
  'pillow blanket shower heating window view balcony minibar kettle coffee tea milk lunch dinner table booking ' +
  'reservation invoice receipt payment deposit upgrade suite double single twin crib extra bed luggage storage ' +
  'laundry iron hairdryer safe remote television channel plug adapter charger umbrella map museum tour ticket ' +
  'restaurant bar terrace garden door lock light lamp curtain quiet floor stairs reception night morning evening ' +
  'please thanks hello could would tomorrow today tonight arrive leave stay need want help broken cold hot warm'
).split(' ');

/** A small deterministic generator (mulberry32), so that every run seeds the same text. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bookingRef = (k: number) => `BK-${String(k).padStart(6, '0')}`;

/** Message `i`'s thread (an index), text and instant: threads take turns, one message a second. */
function messageAt(i: number, next: () => number, startUtc: number) {
  const words = Array.from({ length: 6 + Math.floor(next() * 9) }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  if (i % PLANTED_EVERY === 0) words.push(`ref ${bookingRef(i / PLANTED_EVERY)}`);
  return { thread: i % THREADS, text: words.join(' '), createdUtc: startUtc + i };
}

async function seed(url: string): Promise<void> {
  const startUtc = nowUtc() - MESSAGES - 86_400;
  const store = openStore({ url });
  await store.migrate();
  await store.seedSandbox(nowUtc());
  await store.close();
  const { db } = openDialect({ url });
  try {
    const threadIds = Array.from({ length: THREADS }, () => crypto.randomUUID());
    const threads = threadIds.map((id, j) => ({
      id,
      enterprise_id: SANDBOX_ENTERPRISES[j % 2]!.id,
      application_id: SANDBOX_APPLICATIONS[0].id,
      original_sender: `Guest ${j}`,
      subject: `Stay ${j}`,
      created_utc: startUtc + j,
      // The instant of the thread's last message.
      updated_utc: startUtc + MESSAGES - THREADS + j,
      is_resolved: 0 as const,
    }));
    for (let i = 0; i < THREADS; i += ROWS_PER_INSERT) await db.insertInto('message_threads').values(threads.slice(i, i + ROWS_PER_INSERT)).execute();
    const next = random(17);
    const perTransaction = ROWS_PER_INSERT * INSERTS_PER_TRANSACTION;
    for (let from = 0; from < MESSAGES; from += perTransaction) {
      await db.transaction().execute(async (trx) => {
        for (let start = from; start < Math.min(MESSAGES, from + perTransaction); start += ROWS_PER_INSERT) {
          const rows = [];
          for (let i = start; i < Math.min(MESSAGES, start + ROWS_PER_INSERT); i++) {
            const message = messageAt(i, next, startUtc);
            rows.push({
              id: crypto.randomUUID(),
              message_thread_id: threadIds[message.thread]!,
              text: message.text,
              sender: i % 2 === 0 ? ('Application' as const) : ('Enterprise' as const),
              created_utc: message.createdUtc,
            });
          }
          await trx.insertInto('messages').values(rows).execute();
        }
      });
    }
    await sql`analyze`.execute(db);
  } finally {
    await db.destroy();
  }
}

/** The size of the message-text index, as each engine reports it. */
async function indexSize(backend: 'sqlite' | 'postgres', url: string): Promise<string> {
  if (backend === 'sqlite') return `database file ${(statSync(url.replace(/^sqlite:/, '')).size / 2 ** 20).toFixed(0)} MiB`;
  const { db } = openDialect({ url });
  try {
    const { rows } = await sql<{ size: string }>`select pg_size_pretty(pg_relation_size('messages_text_trigrams')) as size`.execute(db);
    return `index messages_text_trigrams ${rows[0]!.size}`;
  } finally {
    await db.destroy();
  }
}

/** Planted references, found in one message each: those of threads in enterprise A (even thread) and B (odd). */
const planted = Array.from({ length: Math.floor((MESSAGES - 1) / PLANTED_EVERY) + 1 }, (_, k) => ({
  ref: bookingRef(k),
  inA: ((k * PLANTED_EVERY) % THREADS) % 2 === 0,
}));
const pick = <T>(items: readonly T[], count: number) => Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);

interface Scenario {
  readonly name: string;
  readonly searches: readonly (string | null)[];
  /** The All count each search must answer, when it is known. */
  readonly expected?: (search: string | null) => number;
}

const scenarios: Scenario[] = [
  { name: 'no search (first page and counts)', searches: [null] },
  {
    name: 'rare text, one message (booking refs, A and B)',
    searches: pick(planted, 50).map((p) => p.ref),
    expected: (search) => (planted.find((p) => p.ref === search)!.inA ? 1 : 0),
  },
  { name: 'absent text', searches: pick(planted, 50).map((p) => `${p.ref}-x`), expected: () => 0 },
  { name: 'common word (~6 % of messages)', searches: ['towels', 'minibar', 'reception', 'umbrella', 'heating'] },
  { name: 'two-word phrase', searches: ['extra towels', 'late checkout', 'broken kettle', 'quiet room', 'spa ticket'] },
  { name: 'two characters (names and subjects only)', searches: ['st', 'ue', '12'] },
];

async function signIn(url: string): Promise<string> {
  const response = await fetch(new URL('/api/enterprise/v1/sessions/add', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Email: SANDBOX_STAFF[0].email, Password: SANDBOX_STAFF_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status}`);
  return ((await response.json()) as { SessionToken: string }).SessionToken;
}

/** One search as the inbox makes it, timed; checks the answer. */
async function search(url: string, token: string, scenario: Scenario, text: string | null): Promise<number> {
  const started = performance.now();
  const response = await fetch(new URL('/api/enterprise/v1/messageThreads/getAll', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ Limitation: { Count: 100 }, IsResolved: false, Search: text }),
  });
  const body = (await response.json()) as { Counts: { All: number } };
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`${scenario.name} "${text}": ${response.status} ${JSON.stringify(body)}`);
  if (scenario.expected && body.Counts.All !== scenario.expected(text)) {
    throw new Error(`${scenario.name} "${text}": All ${body.Counts.All}, not ${scenario.expected(text)}`);
  }
  return elapsed;
}

try {
  console.log(
    `${MESSAGES.toLocaleString('en')} messages in ${THREADS.toLocaleString('en')} threads (half in each enterprise), ${QUERIES} requests per scenario, ${new Date().toISOString()}`,
  );
  const rows: string[] = [];
  for (const backend of options.backends.split(',') as ('sqlite' | 'postgres')[]) {
    const database = await createTestDatabase(backend);
    onCleanup(`the ${backend} database`, () => database.drop());
    const url = database.env.DATABASE_URL!;
    const seeding = performance.now();
    await seed(url);
    console.log(`${backend}: seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s, ${await indexSize(backend, url)}`);
    const server = await spawnServer({ ...database.env, RATE_LIMIT_MAX: '1000000000', LOG_LEVEL: 'info' });
    onCleanup(`the server on ${backend}`, async () => void (await server.stop()));
    const token = await signIn(server.url);
    for (const scenario of scenarios) {
      for (let i = 0; i < WARMUP; i++) await search(server.url, token, scenario, scenario.searches[i % scenario.searches.length]!);
      const cpuBefore = cpuMicroseconds(server.process.pid!);
      const latencies: number[] = [];
      for (let i = 0; i < QUERIES; i++) latencies.push(await search(server.url, token, scenario, scenario.searches[i % scenario.searches.length]!));
      const cpuPerRequest = (cpuMicroseconds(server.process.pid!) - cpuBefore) / QUERIES / 1000;
      const sorted = latencies.toSorted((x, y) => x - y);
      const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
      rows.push(
        `| ${backend} | ${scenario.name} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${mean.toFixed(1)} | ${cpuPerRequest.toFixed(1)} |`,
      );
      console.log(rows.at(-1));
    }
    await server.stop();
  }
  console.log(`\n| database | scenario | p50 ms | p99 ms | mean ms | server CPU ms/request |\n| --- | --- | ---: | ---: | ---: | ---: |\n${rows.join('\n')}`);
} finally {
  await cleanUp();
}
