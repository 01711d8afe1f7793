import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { formatUtc, nowUtc } from '../../src/domain/time.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES, SANDBOX_PORTFOLIO_ACCESS_TOKEN } from '../../src/store/sandbox-seed.ts';
import { checkoutAt, currentCheckout, type Checkout } from '../shared/checkout-at.ts';
import { cleanUp, onCleanup } from '../shared/cleanup.ts';
import { percentile, sequentialLatencies } from '../shared/sequential-latencies.ts';
import { startProcess } from '../shared/start-process.ts';

/**
 * Latency of getAll pages over databases made by seed.ts: a real server per database (child processes, free ports),
 * then for each scenario a warm-up and `REQUESTS` sequential requests per database (autocannon, one connection), in
 * rounds that alternate between the databases, each answer checked to be 200. Prints p50/p99/mean per scenario and
 * database, and p99 as a ratio to the first database's. With `--server-at REV`, the server of that commit also runs,
 * over a copy of each database, in the same rounds, and p99 is also given as a ratio to this checkout's.
 *
 * @example npx tsx bench/get-all/run.ts /tmp/get-all-10k.sqlite /tmp/get-all-100k.sqlite /tmp/get-all-1m.sqlite
 * @example npx tsx bench/get-all/run.ts --server-at 7ccefe3 /tmp/get-all-10k.sqlite
 */

const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const WARMUP = 100;
const PAGE = 100;

const [application] = SANDBOX_APPLICATIONS;
const [a, b] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];
const tokenA = { ClientToken: application.clientToken, AccessToken: application.accessTokens[0], Client: 'bench 1.0' };
const portfolio = { ...tokenA, AccessToken: SANDBOX_PORTFOLIO_ACCESS_TOKEN.value };

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
      .prepare(`select id from message_threads where application_id = ? and ${enterprises(ids)} order by created_utc desc, seq desc limit 1 offset ?`)
      .pluck()
      .get(application.id, Math.floor(db.prepare(`select count(*) from message_threads where application_id = ? and ${enterprises(ids)}`).pluck().get(application.id) as number * 0.9)) as string;
  const newestThreads = db
    .prepare('select id from message_threads where application_id = ? and enterprise_id = ? order by created_utc desc, seq desc limit 100')
    .pluck()
    .all(application.id, a) as string[];
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
  return sequentialLatencies(`${url}${scenario.path}`, scenario.body, amount).catch((error: Error) => {
    throw new Error(`${scenario.name}: ${error.message}`);
  });
}

/**
 * A server of `checkout` over the database at `path`, in a child process as in production (the load generator must not
 * share its event loop), on a free port, with its log in a file; stopped when the run ends.
 */
async function startChildServer(checkout: Checkout, path: string, folder: string): Promise<string> {
  const logFile = join(folder, `${checkout.label}-${basename(path)}.log`);
  const env = { DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'info', RATE_LIMIT_MAX: '1000000000' };
  return (await startProcess({ args: [join(checkout.root, 'bin/connector-messaging.js'), 'serve'], env, logFile, ready: 'health' })).url;
}

const { values: options, positionals: paths } = parseArgs({
  options: { 'server-at': { type: 'string', multiple: true, default: [] } },
  allowPositionals: true,
});
if (paths.length === 0) throw new Error('usage: run.ts [--server-at REV …] DB_PATH [DB_PATH…]');
const ROUNDS = 5;
// ONLY=text: just the scenarios whose name contains it.
const databases = paths.map((path) => {
  const setup = scenarios(path);
  return { path, ...setup, scenarios: setup.scenarios.filter((s) => s.name.includes(process.env.ONLY ?? '')) };
});
const folder = mkdtempSync(join(tmpdir(), 'bench-get-all-'));
onCleanup('the run folder', () => rmSync(folder, { recursive: true, force: true }));
try {
  const checkouts = [currentCheckout(), ...options['server-at'].map(checkoutAt)];
  // Each other commit's server gets a copy of each database: servers of different commits may migrate differently.
  const databaseAt = (checkout: Checkout, path: string) => {
    if (checkout === checkouts[0]) return path;
    const copy = join(folder, `${checkout.label}-${basename(path)}`);
    for (const suffix of ['', '-wal']) if (existsSync(`${path}${suffix}`)) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    return copy;
  };
  // Servers by database, then by commit: rows of one database stay together.
  const servers: { database: (typeof databases)[number]; checkout: Checkout; url: string }[] = [];
  for (const database of databases) {
    for (const checkout of checkouts) servers.push({ database, checkout, url: await startChildServer(checkout, databaseAt(checkout, database.path), folder) });
  }
  const compared = checkouts.length > 1;
  console.log(`| threads | messages | scenario |${compared ? ' server |' : ''} p50 ms | p99 ms | mean ms | p99 / first database |${compared ? ` p99 / ${checkouts[0]!.label} |` : ''}`);
  console.log(`| ---: | ---: | --- |${compared ? ' --- |' : ''} ---: | ---: | ---: | ---: |${compared ? ' ---: |' : ''}`);
  for (let s = 0; s < databases[0]!.scenarios.length; s++) {
    const latencies = servers.map(() => [] as number[]);
    for (const server of servers) await measure(server.url, server.database.scenarios[s]!, WARMUP);
    // Rounds alternate between the servers, so that the machine's noise falls on every size and commit alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, server] of servers.entries()) latencies[i]!.push(...(await measure(server.url, server.database.scenarios[s]!, REQUESTS / ROUNDS)));
    }
    const p99s = latencies.map((l) => percentile(l.toSorted((x, y) => x - y), 99));
    for (const [i, { database, checkout }] of servers.entries()) {
      const sorted = latencies[i]!.toSorted((x, y) => x - y);
      const [p50, p99] = [percentile(sorted, 50), p99s[i]!];
      const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
      const firstDatabase = p99s[servers.findIndex((other) => other.checkout === checkout)]!;
      const ofCheckout = p99s[servers.findIndex((other) => other.database === database)]!;
      console.log(
        `| ${database.threads.toLocaleString('en')} | ${database.messages.toLocaleString('en')} | ${database.scenarios[s]!.name} |${compared ? ` ${checkout.label} |` : ''} ` +
          `${p50.toFixed(2)} | ${p99.toFixed(2)} | ${mean.toFixed(2)} | ${(p99 / firstDatabase).toFixed(2)} |${compared ? ` ${(p99 / ofCheckout).toFixed(2)} |` : ''}`,
      );
    }
  }
} finally {
  await cleanUp();
}
