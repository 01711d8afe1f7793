import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkoutAt, currentCheckout } from '../shared/checkout-at.ts';
import { cleanUp, onCleanup } from '../shared/cleanup.ts';
import { cpuMicroseconds, memoryMiB, threadCount } from '../shared/process-stats.ts';
import { serverCommand } from '../shared/server-command.ts';
import { startProcess } from '../shared/start-process.ts';

/**
 * What a server process costs before any request: `node bin/connector-messaging.js serve` is started, `/health` polled
 * every 10 ms until it answers 200 (start to healthy), and after `--idle` seconds without requests its resident
 * memory (VmRSS of /proc/<pid>/status, and how much of it is the process's own, RssAnon, and how much the pages of
 * the files it mapped, RssFile), its thread count and the CPU it used while idle (utime + stime of all its threads,
 * /proc/<pid>/stat: timers and polls) are read; then it is stopped. Starts are made one at a time, in rounds that
 * alternate between the targets: each database of each checkout (`--server-at REV` adds another commit's server beside
 * this checkout's), and, as the floor of any node server, a bare `node:http` server answering `/health`.
 *
 * Usage: npx tsx bench/startup/run.ts [--server-at REV …] [--databases memory,file] [--rounds 5] [--idle 2]
 */

const DATABASES = ['memory', 'file'] as const;
type Database = (typeof DATABASES)[number];

const { values: options } = parseArgs({
  options: {
    'server-at': { type: 'string', multiple: true, default: [] },
    databases: { type: 'string', default: DATABASES.join(',') },
    rounds: { type: 'string', default: '5' },
    idle: { type: 'string', default: '2' },
  },
});
const databases = options.databases.split(',').map((name) => name.trim()) as Database[];
for (const name of databases) {
  if (!DATABASES.includes(name)) throw new Error(`unknown database ${name}: choose among ${DATABASES.join(', ')}`);
}
const rounds = Number(options.rounds);
const idleMs = Number(options.idle) * 1000;

const folder = mkdtempSync(join(tmpdir(), 'bench-startup-'));
onCleanup('the run folder', () => rmSync(folder, { recursive: true, force: true }));

interface Target {
  readonly label: string;
  /** node's arguments. */
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

/** The floor: node and its `node:http`, no module of ours, answering 200 to anything. */
const BARE_NODE: Target = {
  label: 'bare node:http',
  args: ['-e', "require('node:http').createServer((q, s) => s.end()).listen(process.env.PORT, '127.0.0.1')"],
  env: {},
};

interface Start {
  readonly startMs: number;
  /** CPU time (all its threads) the process used up to its first `200`: what the start costs, however busy the machine. */
  readonly startCpuMs: number;
  readonly rssMiB: number;
  readonly anonMiB: number;
  readonly fileMiB: number;
  readonly threads: number;
  readonly idleCpuPercent: number;
}

/** One start of `target` to healthy, its figures after the idle time, then a graceful stop. */
async function start(target: Target, index: number): Promise<Start> {
  const started = await startProcess({
    args: target.args,
    env: target.env,
    logFile: join(folder, `${target.label.replace(/[^a-z0-9]+/gi, '-')}-${index}.log`),
    ready: 'health',
  });
  try {
    const before = cpuMicroseconds(started.pid);
    const startCpuMs = before / 1000;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idleCpuPercent = (cpuMicroseconds(started.pid) - before) / (idleMs * 10);
    const memory = memoryMiB(started.pid);
    return {
      startMs: started.startMs,
      startCpuMs,
      rssMiB: memory.rss,
      anonMiB: memory.anon,
      fileMiB: memory.file,
      threads: threadCount(started.pid),
      idleCpuPercent,
    };
  } finally {
    await started.stop();
  }
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const spread = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

try {
  const checkouts = [currentCheckout(), ...options['server-at'].map(checkoutAt)];
  const servers: Target[] = databases.flatMap((database) =>
    checkouts.map((checkout) => ({
      label: `${database === 'memory' ? 'sqlite::memory:' : 'SQLite file'} @${checkout.label}`,
      args: serverCommand(checkout.root, 'serve'),
      // The file is created (migrated and seeded) by the warm-up start: the measured starts open an existing database.
      env: { MODE: 'sandbox', DATABASE_URL: database === 'memory' ? 'sqlite::memory:' : `sqlite:${join(folder, `${checkout.label}.sqlite`)}` },
    })),
  );
  const targets = [BARE_NODE, ...servers];
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(
    `server start-up: ${rounds} alternating rounds after one warm-up start per target, figures read after ${idleMs / 1000} s idle; ` +
      `checkout ${checkouts[0]!.label}; ${new Date().toISOString()}; load average ${load()}`,
  );
  // Warm-up: the operating system's file cache, and the file database's creation.
  for (const target of targets) await start(target, 0);
  const results = new Map<Target, Start[]>(targets.map((target) => [target, []]));
  for (let round = 1; round <= rounds; round++) {
    // Every other round in reverse order, so that no target always follows the same one.
    for (const target of round % 2 === 1 ? targets : targets.toReversed()) results.get(target)!.push(await start(target, round));
  }
  console.log(`\nload average at the end ${load()}\n`);
  console.log('| target | start to healthy ms, median (min–max) | CPU ms to healthy, median (min–max) | idle RSS MiB, median (min–max) | of it own (RssAnon) | of it files (RssFile) | threads | idle CPU % |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const target of targets) {
    const starts = results.get(target)!;
    console.log(
      `| ${target.label} | ${spread(starts.map((s) => s.startMs), 0)} | ${spread(starts.map((s) => s.startCpuMs), 0)} | ` +
        `${spread(starts.map((s) => s.rssMiB), 1)} | ` +
        `${median(starts.map((s) => s.anonMiB)).toFixed(1)} | ${median(starts.map((s) => s.fileMiB)).toFixed(1)} | ` +
        `${median(starts.map((s) => s.threads))} | ${median(starts.map((s) => s.idleCpuPercent)).toFixed(1)} |`,
    );
  }
} finally {
  await cleanUp();
}
