import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SANDBOX_APPLICATIONS } from '../../src/store/sandbox-seed.ts';
import { createTestDatabase } from '../../test/helpers/server.ts';
import { checkoutAt, CHECKOUT_ROOT, currentCheckout, type Checkout } from '../shared/checkout-at.ts';
import { cleanUp, onCleanup } from '../shared/cleanup.ts';
import { cpuMicroseconds, memoryMiB } from '../shared/process-stats.ts';
import { serverCommand } from '../shared/server-command.ts';
import { startProcess, type StartedProcess } from '../shared/start-process.ts';

/**
 * Server CPU per request of messageThreads/add: each target runs in a process of its own, all up for the whole run;
 * wrk (C, one thread by default, little CPU of its own) loads one target at a time with a fixed number of connections
 * for a fixed time, in rounds that alternate between the targets. For each round, the listening process's CPU time
 * (utime + stime of all its threads, /proc/<pid>/stat) over the requests wrk got answered: unlike throughput, that
 * barely depends on how much CPU the load generator left the server. `--server-at REV` runs the server of another
 * commit beside this checkout's, in the same alternation: how a change shows it made nothing slower.
 *
 * Usage: [LOG_LEVEL=info] npx tsx bench/cpu-per-request/run.ts [--targets bare,fastify,sqlite-normal,sqlite-full,postgres,prism]
 *        [--server-at REV …] [--rounds 3] [--duration 5] [--connections 50] [--threads 1] [--warmup 2]
 */

const TARGET_NAMES = ['bare', 'fastify', 'sqlite-normal', 'sqlite-full', 'postgres', 'prism'] as const;
type TargetName = (typeof TARGET_NAMES)[number];
const SERVER_TARGETS: readonly TargetName[] = ['sqlite-normal', 'sqlite-full', 'postgres'];

const { values: options } = parseArgs({
  options: {
    targets: { type: 'string', default: TARGET_NAMES.join(',') },
    'server-at': { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    threads: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '2' },
    // Each server target once more with the request journal off (JOURNAL_MAX_ENTRIES=0), in the same rounds.
    'journal-off': { type: 'boolean', default: false },
  },
});
const selected = options.targets.split(',').map((name) => name.trim()) as TargetName[];
for (const name of selected) {
  if (!TARGET_NAMES.includes(name)) throw new Error(`unknown target ${name}: choose among ${TARGET_NAMES.join(', ')}`);
}
const rounds = Number(options.rounds);
const duration = Number(options.duration);
const connections = Number(options.connections);
const threads = Number(options.threads);
const warmup = Number(options.warmup);
// The server's and Fastify alone's log level: at `info` (the server's default) each request writes one line.
const logLevel = process.env.LOG_LEVEL ?? 'info';
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PATH = '/api/connector/v1/messageThreads/add';
const LUA = join(CHECKOUT_ROOT, 'bench/cpu-per-request/post-body.lua');
const [application] = SANDBOX_APPLICATIONS;
const BODY = JSON.stringify({
  ClientToken: application.clientToken,
  AccessToken: application.accessTokens[0],
  Client: 'Benchmark 1.0.0',
  OriginalSender: 'Sample Customer',
  Subject: 'Sample Subject',
});

interface Running extends StartedProcess {
  /** For a server on PostgreSQL: CPU time so far of the database's backends serving it, by backend pid. */
  databaseCpu?(): Promise<Map<number, number>>;
}

interface Target {
  readonly label: string;
  readonly name: TargetName;
  readonly checkout?: Checkout;
  /** A server with the request journal off; the others record every request (the demo token is a sandbox's). */
  readonly journalOff?: boolean;
  start(): Promise<Running>;
}

const folder = mkdtempSync(join(tmpdir(), 'bench-cpu-per-request-'));
onCleanup('the run folder', () => rmSync(folder, { recursive: true, force: true }));
/** A file of the run's folder named after a target, e.g. its log (`.log`) or its SQLite database (`.sqlite`). */
const fileOf = (label: string, extension: string) => join(folder, `${label.replace(/[^a-z0-9]+/gi, '-')}${extension}`);

let postgres: pg.Client | undefined;
async function postgresAdmin(): Promise<pg.Client> {
  if (!postgres) {
    postgres = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await postgres.connect();
    const client = postgres;
    onCleanup('the PostgreSQL connection', () => client.end());
  }
  return postgres;
}

/** `connector-messaging serve` from `checkout`, in sandbox mode, with the request limit raised out of one token's way. */
function serverTarget(name: TargetName, checkout: Checkout, journalOff = false): Target {
  const engine = { 'sqlite-normal': 'SQLite NORMAL', 'sqlite-full': 'SQLite FULL', postgres: 'PostgreSQL' }[name as string];
  const label = `server ${engine} @${checkout.label}${journalOff ? ' journal off' : ''}`;
  return {
    label,
    name,
    checkout,
    journalOff,
    async start() {
      const env: Record<string, string> = { MODE: 'sandbox', RATE_LIMIT_MAX: '1000000000', LOG_LEVEL: logLevel };
      if (journalOff) env.JOURNAL_MAX_ENTRIES = '0';
      let databaseCpu: Running['databaseCpu'];
      if (name === 'postgres') {
        // A fresh database of its own, dropped after the run; the request limit counted in the process, as on SQLite.
        const database = await createTestDatabase('postgres');
        onCleanup(`the database of ${label}`, () => database.drop());
        env.DATABASE_URL = database.env.DATABASE_URL!;
        const datname = new URL(env.DATABASE_URL).pathname.slice(1);
        const admin = await postgresAdmin();
        databaseCpu = async () => {
          const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [datname]);
          return new Map(rows.map(({ pid }) => [pid, cpuMicroseconds(pid)]));
        };
      } else {
        env.DATABASE_URL = `sqlite:${fileOf(label, '.sqlite')}`;
        env.SQLITE_SYNCHRONOUS = name === 'sqlite-full' ? 'FULL' : 'NORMAL';
      }
      const started = await startProcess({ args: serverCommand(checkout.root, 'serve'), env, logFile: fileOf(label, '.log'), ready: 'health' });
      return { ...started, databaseCpu };
    },
  };
}

function referenceTarget(name: TargetName): Target {
  const script = (file: string) => ['--import', 'tsx', join(CHECKOUT_ROOT, 'bench/threads-add', file)];
  const prism = join(CHECKOUT_ROOT, 'node_modules/@stoplight/prism-cli');
  const { label, args } = {
    bare: { label: 'bare node:http', args: script('bare-server.ts') },
    fastify: { label: 'Fastify alone', args: script('fastify-server.ts') },
    prism: {
      label: `Prism ${(JSON.parse(readFileSync(join(prism, 'package.json'), 'utf8')) as { version: string }).version} mock`,
      args: [join(prism, 'dist/index.js'), 'mock', '--host', '127.0.0.1', '--port', '{port}', join(CHECKOUT_ROOT, 'contract/connector-messaging.openapi.yaml')],
    },
  }[name as 'bare' | 'fastify' | 'prism'];
  return { label, name, start: () => startProcess({ args, env: { LOG_LEVEL: logLevel }, logFile: fileOf(label, '.log'), ready: 'listening' }) };
}

interface Round {
  readonly requests: number;
  readonly seconds: number;
  readonly p99Ms: number;
  readonly cpuUs: number;
  readonly databaseCpuUs: number;
  readonly errors: number;
}

interface WrkResult {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

/** The wrk running now, if any: stopped by its pid if the run ends while it runs. */
let loading: ChildProcess | undefined;

function wrk(url: string, seconds: number): Promise<WrkResult> {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', LUA, `${url}${PATH}`];
  const child = spawn('wrk', args, { env: { ...process.env, BODY }, stdio: ['ignore', 'pipe', 'pipe'] });
  loading = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`wrk exited ${code}:\n${output}`));
      else resolve(JSON.parse(line) as WrkResult);
    });
  });
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (at most 10 s) until the process has used at most one clock tick in 200 ms: work the round's requests left
 * behind (a WAL checkpoint on its worker thread, log lines still being written) belongs to that round, and must not
 * fall into the next round of the same process.
 */
async function quiet(pid: number): Promise<void> {
  const limit = performance.now() + 10_000;
  for (let before = cpuMicroseconds(pid); performance.now() < limit; ) {
    await sleep(200);
    const now = cpuMicroseconds(pid);
    if (now - before <= 10_000) return;
    before = now;
  }
}

async function measure(running: Running, seconds: number): Promise<Round> {
  const databaseBefore = (await running.databaseCpu?.()) ?? new Map<number, number>();
  const before = cpuMicroseconds(running.pid);
  const result = await wrk(running.url, seconds);
  await quiet(running.pid);
  const cpuUs = cpuMicroseconds(running.pid) - before;
  const databaseAfter = (await running.databaseCpu?.()) ?? new Map<number, number>();
  // A backend that appeared during the round counts from zero; one that ended during it is not seen (pools keep theirs).
  const databaseCpuUs = sum([...databaseAfter].map(([pid, us]) => us - (databaseBefore.get(pid) ?? 0)));
  return {
    requests: result.requests,
    seconds: result.durationUs / 1e6,
    p99Ms: result.p99Us / 1000,
    cpuUs,
    databaseCpuUs,
    errors: result.connect + result.read + result.write + result.status + result.timeout,
  };
}

function checkWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('wrk is not installed: apt-get install -y wrk');
  }
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

try {
  checkWrk();
  const checkouts = [currentCheckout(), ...options['server-at'].map(checkoutAt)];
  const targets: Target[] = [];
  for (const name of selected) {
    if (SERVER_TARGETS.includes(name)) {
      for (const checkout of checkouts) {
        targets.push(serverTarget(name, checkout));
        if (options['journal-off']) targets.push(serverTarget(name, checkout, true));
      }
    }
    else targets.push(referenceTarget(name));
  }
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(
    `messageThreads/add, server CPU per request: wrk ${threads} thread(s), ${connections} connections, ${rounds} alternating rounds of ${duration} s ` +
      `per target after a ${warmup} s warm-up; LOG_LEVEL=${logLevel}; checkout ${checkouts[0]!.label}; ${new Date().toISOString()}; load average ${load()}`,
  );

  // One at a time, so that each start-up has the machine to itself. Idle memory 1 s after ready, then idle CPU over the
  // next 2 s (background timers and polls: what CPU per request includes at any rate), both before any load.
  const running = new Map<Target, Running & { idleRssMiB: number; idleCpuPercent: number }>();
  for (const target of targets) {
    const started = await target.start();
    await sleep(1000);
    const idleRssMiB = memoryMiB(started.pid).rss;
    const before = cpuMicroseconds(started.pid);
    await sleep(2000);
    running.set(target, { ...started, idleRssMiB, idleCpuPercent: (cpuMicroseconds(started.pid) - before) / 20_000 });
  }
  // Registered after the targets, so that it runs before they are stopped.
  onCleanup('wrk', () => void (loading?.exitCode === null && loading.signalCode === null && loading.kill('SIGKILL')));
  // Warm-up: JIT, statement caches, the database's first pages.
  for (const target of targets) await measure(running.get(target)!, warmup);
  const results = new Map<Target, Round[]>(targets.map((target) => [target, []]));
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse order, so that no target always follows the same one.
    for (const target of round % 2 === 0 ? targets : targets.toReversed()) {
      results.get(target)!.push(await measure(running.get(target)!, duration));
    }
  }

  const cpuPerRequest = (target: Target) => sum(results.get(target)!.map((r) => r.cpuUs)) / sum(results.get(target)!.map((r) => r.requests));
  const rate = (target: Target) => sum(results.get(target)!.map((r) => r.requests)) / sum(results.get(target)!.map((r) => r.seconds));
  const byName = (name: TargetName) => targets.find((t) => t.name === name);
  const fastify = byName('fastify');
  const bare = byName('bare');
  let invalid = false;

  console.log(`\nload average at the end ${load()}\n`);
  console.log('| target | requests | req/s | p99 ms | server CPU µs/req | × Fastify alone | × bare | database CPU µs/req | start to ready ms | idle RSS MiB | idle CPU % | peak RSS MiB | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const target of targets) {
    const rows = results.get(target)!;
    const requests = sum(rows.map((r) => r.requests));
    const errors = sum(rows.map((r) => r.errors));
    invalid ||= errors > 0;
    const cpu = cpuPerRequest(target);
    const started = running.get(target)!;
    console.log(
      `| ${target.label} | ${requests} | ${fixed(requests / sum(rows.map((r) => r.seconds)), 0)} | ${fixed(median(rows.map((r) => r.p99Ms)), 1)} | ` +
        `${fixed(cpu, 0)} | ${fastify ? fixed(cpu / cpuPerRequest(fastify), 2) : '—'} | ${bare ? fixed(cpu / cpuPerRequest(bare), 2) : '—'} | ` +
        `${target.name === 'postgres' ? fixed(sum(rows.map((r) => r.databaseCpuUs)) / requests, 0) : '—'} | ` +
        `${target.checkout ? fixed(started.startMs, 0) : `(${fixed(started.startMs, 0)})`} | ${fixed(started.idleRssMiB, 0)} | ${fixed(started.idleCpuPercent, 1)} | ${fixed(memoryMiB(started.pid).peak, 0)} | ${errors} |`,
    );
  }
  console.log('\nserver CPU µs/req per round:');
  for (const target of targets) {
    console.log(`  ${target.label}: ${results.get(target)!.map((r) => `${fixed(r.cpuUs / r.requests, 0)} (${fixed(r.requests / r.seconds, 0)} req/s)`).join(', ')}`);
  }
  for (const at of checkouts.slice(1)) {
    for (const name of SERVER_TARGETS.filter((n) => selected.includes(n))) {
      const [now, then] = [checkouts[0], at].map((checkout) => targets.find((t) => t.name === name && t.checkout === checkout && !t.journalOff)!);
      console.log(
        `${name}: ${checkouts[0]!.label} against ${at.label}: server CPU per request ×${fixed(cpuPerRequest(now!) / cpuPerRequest(then!), 2)}, ` +
          `req/s ×${fixed(rate(now!) / rate(then!), 2)}`,
      );
    }
  }
  for (const off of targets.filter((t) => t.journalOff)) {
    const on = targets.find((t) => t.name === off.name && t.checkout === off.checkout && !t.journalOff)!;
    console.log(
      `${off.name} @${off.checkout!.label}: request journal on against off: server CPU per request ×${fixed(cpuPerRequest(on) / cpuPerRequest(off), 2)} ` +
        `(${fixed(cpuPerRequest(on) - cpuPerRequest(off), 1)} µs/req), req/s ×${fixed(rate(on) / rate(off), 2)}`,
    );
  }
  if (invalid) console.log('\nINVALID: some requests failed (errors column); their targets\' figures do not count');
  process.exitCode = invalid ? 1 : 0;
} finally {
  await cleanUp();
}
