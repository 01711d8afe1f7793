import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';
import { unusedPort } from '../../test/helpers/server.ts';

/**
 * messageThreads/add against a bare node:http JSON handler, in the same run on the same machine, with Fastify alone as a
 * reference in between (how much of the ceiling the framework itself takes). Each server runs in a process of its own,
 * autocannon in this one. Both servers are up for the whole run and measured in alternating
 * rounds, and each side's rate is its answered requests over its measured time, so that a machine whose speed drifts
 * during the run (other load, thermal limits) weighs on both sides alike.
 *
 * Usage: [LOG_LEVEL=info] npx tsx bench/threads-add/run.ts [--rounds 3] [--duration 5] [--connections 50]
 *        [--synchronous NORMAL,FULL]
 */

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const rounds = Number(args.get('rounds') ?? 3);
const duration = Number(args.get('duration') ?? 5);
const connections = Number(args.get('connections') ?? 50);
const settings = (args.get('synchronous') ?? 'NORMAL,FULL').split(',') as ('NORMAL' | 'FULL')[];
const TARGETS: Record<string, number> = { NORMAL: 0.5, FULL: 0.35 };
// The server's and Fastify's log level: at `info` (the server's default) each request writes one line.
const logLevel = process.env.LOG_LEVEL ?? 'info';

const [integration] = SANDBOX_INTEGRATIONS;
const body = JSON.stringify({
  ClientToken: integration.clientToken,
  AccessToken: integration.accessTokens[0].value,
  Client: 'Benchmark 1.0.0',
  OriginalSender: 'Sample Customer',
  Subject: 'Sample Subject',
});

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Whether something accepts a connection on the port; the connection is closed at once. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a process listening on a free port given to it as `PORT`, with its output going to `logFile`, and resolves
 * once that port accepts connections: whatever the log level, and without reading its logs. The output goes to a file
 * rather than through a pipe to this process, so that the server's log lines take nothing from autocannon.
 */
async function startProcess(args: string[], env: Record<string, string>, logFile: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await unusedPort();
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  let exit: number | null | undefined;
  child.on('exit', (code) => (exit = code));
  for (;;) {
    if (exit !== undefined) throw new Error(`${args.join(' ')} exited with ${exit}:\n${readFileSync(logFile, 'utf8')}`);
    if (await accepts(port)) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Sample {
  readonly answered: number;
  readonly seconds: number;
}

/** One measurement: requests answered 200 and the time they took; any other answer makes the run invalid. */
async function measure(port: number, seconds: number): Promise<Sample> {
  const url = `http://127.0.0.1:${port}/api/connector/v1/messageThreads/add`;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts: the run is not valid`);
  }
  return { answered: result['2xx'], seconds: result.duration };
}

const rate = (samples: Sample[]) => samples.reduce((n, s) => n + s.answered, 0) / samples.reduce((n, s) => n + s.seconds, 0);

/**
 * The bare handler, Fastify alone (see `fastify-server.ts`) and the server with one SQLITE_SYNCHRONOUS setting, measured
 * in alternating rounds.
 */
async function compare(synchronous: 'NORMAL' | 'FULL'): Promise<{ server: number; fastify: number; bare: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-threads-add-'));
  const started: ChildProcess[] = [];
  const start = async (args: string[], env: Record<string, string>, log: string) => {
    const { child, port } = await startProcess(args, env, join(folder, log));
    started.push(child);
    return port;
  };
  try {
    const ports = {
      bare: await start(['--import', 'tsx', here('./bare-server.ts')], {}, 'bare.log'),
      fastify: await start(['--import', 'tsx', here('./fastify-server.ts')], { LOG_LEVEL: logLevel }, 'fastify.log'),
      server: await start([here('../../bin/connector-messaging.js'), 'serve'], {
        MODE: 'sandbox',
        DATABASE_URL: `sqlite:${join(folder, 'bench.sqlite')}`,
        SQLITE_SYNCHRONOUS: synchronous,
        // One token sends every request: the request limit would otherwise answer 429 after the first 200.
        RATE_LIMIT_MAX: '1000000000',
        LOG_LEVEL: logLevel,
      }, 'server.log'),
    };
    const names = Object.keys(ports) as (keyof typeof ports)[];
    // Warm-up: JIT, statement caches, the SQLite file's first pages.
    for (const name of names) await measure(ports[name], 2);
    const samples = { bare: [] as Sample[], fastify: [] as Sample[], server: [] as Sample[] };
    for (let round = 0; round < rounds; round++) {
      for (const name of names) samples[name].push(await measure(ports[name], duration));
    }
    return { server: rate(samples.server), fastify: rate(samples.fastify), bare: rate(samples.bare) };
  } finally {
    for (const child of started) await stop(child);
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(
  `messageThreads/add vs bare node:http: ${connections} connections, ${rounds} alternating rounds of ${duration} s each`,
);
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
let failed = false;
for (const synchronous of settings) {
  const { server, fastify, bare } = await compare(synchronous);
  const ratio = server / bare;
  const target = TARGETS[synchronous]!;
  failed ||= ratio < target;
  console.log(
    `SQLITE_SYNCHRONOUS=${synchronous}: server ${Math.round(server)} req/s, bare ${Math.round(bare)} req/s, ` +
      `ratio ${percent(ratio)} (target ${target * 100}%: ${ratio >= target ? 'met' : 'NOT met'}); ` +
      `Fastify alone ${Math.round(fastify)} req/s, ${percent(fastify / bare)} of bare`,
  );
}
process.exitCode = failed ? 1 : 0;
