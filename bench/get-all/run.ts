import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { formatUtc, nowUtc } from '../../src/domain/time.ts';
import { SANDBOX_ENTERPRISES, SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';

/**
 * Latency of getAll pages over databases made by seed.ts: a real server per database (child processes, free ports),
 * then for each scenario a warm-up and `REQUESTS` sequential requests per database (autocannon, one connection), in
 * rounds that alternate between the databases, each answer checked to be 200. Prints p50/p99/mean per scenario and
 * database, and p99 as a ratio to the first database's.
 *
 * @example npx tsx bench/get-all/run.ts /tmp/get-all-10k.sqlite /tmp/get-all-100k.sqlite /tmp/get-all-1m.sqlite
 */
/** The part of autocannon (which ships no types) this benchmark uses: a fixed number of requests, and each response's time. */
interface AutocannonClient {
  on(event: 'response', listener: (status: number, bytes: number, responseTimeMs: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  amount: number;
  setupClient: (client: AutocannonClient) => void;
}) => Promise<unknown>;

const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const WARMUP = 100;
const PAGE = 100;

const [integration] = SANDBOX_INTEGRATIONS;
const [a, b] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];
const tokenA = { ClientToken: integration.clientToken, AccessToken: integration.accessTokens[0].value, Client: 'bench 1.0' };
const portfolio = { ...tokenA, AccessToken: integration.accessTokens[2].value };

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** The scenarios, with deep cursors and thread ids read from the database itself (setup only, not measured). */
function scenarios(path: string): { scenarios: Scenario[]; threads: number; messages: number } {
  const db = new SQLite(path, { readonly: true });
  const count = (table: string) => db.prepare(`select count(*) from ${table}`).pluck().get() as number;
  const threads = count('message_threads');
  const messages = count('messages');
  const now = nowUtc();
  const threeMonths = { StartUtc: formatUtc(now - 88 * 86_400), EndUtc: formatUtc(now + 86_400) };
  const oneMonth = { StartUtc: formatUtc(now - 29 * 86_400), EndUtc: formatUtc(now + 86_400) };
  const enterprises = (ids: string[]) => `enterprise_id in (${ids.map((id) => `'${id}'`).join(',')})`;
  // The thread 90 % of the way down the newest-first order: the cursor of a deep page.
  const deepThread = (ids: string[]) =>
    db
      .prepare(`select id from message_threads where integration_id = ? and ${enterprises(ids)} order by created_utc desc, seq desc limit 1 offset ?`)
      .pluck()
      .get(integration.id, Math.floor(db.prepare(`select count(*) from message_threads where integration_id = ? and ${enterprises(ids)}`).pluck().get(integration.id) as number * 0.9)) as string;
  const newestThreads = db
    .prepare('select id from message_threads where integration_id = ? and enterprise_id = ? order by created_utc desc, seq desc limit 100')
    .pluck()
    .all(integration.id, a) as string[];
  const messageIds = db
    .prepare(`select id from messages where message_thread_id in (${newestThreads.map(() => '?').join(',')}) order by created_utc desc, seq desc`)
    .pluck()
    .all(...newestThreads) as string[];
  const newestUpdate = db.prepare('select max(updated_utc) from message_threads').pluck().get() as number;
  const deepInA = deepThread([a]);
  const deepInBoth = deepThread([a, b]);
  db.close();

  const threadsPath = '/api/connector/v1/messageThreads/getAll';
  const messagesPath = '/api/connector/v1/messages/getAll';
  const deepMessage = messageIds[Math.floor(messageIds.length * 0.9) - PAGE];
  return {
    threads,
    messages,
    scenarios: [
      { name: 'threads, 1 enterprise, CreatedUtc, first page', path: threadsPath, body: { ...tokenA, CreatedUtc: threeMonths, Limitation: { Count: PAGE } } },
      { name: 'threads, 1 enterprise, CreatedUtc, deep page (90 %)', path: threadsPath, body: { ...tokenA, CreatedUtc: threeMonths, Limitation: { Count: PAGE, Cursor: deepInA } } },
      { name: 'threads, portfolio (2), CreatedUtc, first page', path: threadsPath, body: { ...portfolio, CreatedUtc: threeMonths, Limitation: { Count: PAGE } } },
      { name: 'threads, portfolio (2), CreatedUtc, deep page (90 %)', path: threadsPath, body: { ...portfolio, CreatedUtc: threeMonths, Limitation: { Count: PAGE, Cursor: deepInBoth } } },
      { name: 'threads, 1 enterprise, UpdatedUtc, deep page (90 %)', path: threadsPath, body: { ...tokenA, UpdatedUtc: threeMonths, Limitation: { Count: PAGE, Cursor: deepInA } } },
      { name: 'threads, 1 enterprise, UpdatedUtc of the last hour (a poll), Count 1000', path: threadsPath, body: { ...tokenA, UpdatedUtc: { StartUtc: formatUtc(newestUpdate - 3600), EndUtc: formatUtc(newestUpdate + 1) }, Limitation: { Count: 1000 } } },
      { name: 'threads, 100 MessageThreadIds', path: threadsPath, body: { ...tokenA, MessageThreadIds: newestThreads, Limitation: { Count: PAGE } } },
      { name: `messages of 100 threads (${messageIds.length}), first page`, path: messagesPath, body: { ...tokenA, MessageThreadIds: newestThreads, Limitation: { Count: PAGE } } },
      { name: `messages of 100 threads, CreatedUtc, deep page (90 %)`, path: messagesPath, body: { ...tokenA, MessageThreadIds: newestThreads, CreatedUtc: oneMonth, Limitation: { Count: PAGE, Cursor: deepMessage } } },
    ],
  };
}

async function measure(url: string, scenario: Scenario, amount: number): Promise<number[]> {
  const latencies: number[] = [];
  const statuses = new Set<number>();
  await autocannon({
    url: `${url}${scenario.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario.body),
    connections: 1,
    amount,
    setupClient: (client) =>
      client.on('response', (status, _bytes, responseTime) => {
        statuses.add(status);
        latencies.push(responseTime);
      }),
  });
  if ([...statuses].some((s) => s !== 200)) throw new Error(`${scenario.name}: statuses ${[...statuses].join(', ')}`);
  return latencies;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A server in a child process, as in production (the load generator must not share its event loop), on a free port. */
function startChildServer(path: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)), 'serve'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'info', RATE_LIMIT_MAX: '1000000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Reads every log line (so the pipe never fills) and answers once the server says where it listens.
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the server over ${path} exited (${code}) before listening`)));
  });
}

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error('usage: run.ts DB_PATH [DB_PATH…]');
const ROUNDS = 5;
// ONLY=text: just the scenarios whose name contains it.
const databases = paths.map((path) => {
  const setup = scenarios(path);
  return { path, ...setup, scenarios: setup.scenarios.filter((s) => s.name.includes(process.env.ONLY ?? '')) };
});
const servers = await Promise.all(paths.map(startChildServer));
try {
  console.log(`| threads | messages | scenario | p50 ms | p99 ms | mean ms | p99 / first database |`);
  console.log(`| ---: | ---: | --- | ---: | ---: | ---: | ---: |`);
  for (let s = 0; s < databases[0]!.scenarios.length; s++) {
    const latencies = databases.map(() => [] as number[]);
    for (const [d, database] of databases.entries()) await measure(servers[d]!.url, database.scenarios[s]!, WARMUP);
    // Rounds alternate between the databases, so that the machine's noise falls on every size alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [d, database] of databases.entries()) {
        latencies[d]!.push(...(await measure(servers[d]!.url, database.scenarios[s]!, REQUESTS / ROUNDS)));
      }
    }
    let baseline = 0;
    for (const [d, database] of databases.entries()) {
      const sorted = latencies[d]!.toSorted((x, y) => x - y);
      const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
      const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
      baseline ||= p99;
      console.log(
        `| ${database.threads.toLocaleString('en')} | ${database.messages.toLocaleString('en')} | ${database.scenarios[s]!.name} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${mean.toFixed(2)} | ${(p99 / baseline).toFixed(2)} |`,
      );
    }
  }
} finally {
  for (const server of servers) server.stop();
}
