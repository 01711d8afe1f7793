import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { formatUtc, nowUtc } from '../../src/domain/time.ts';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { demo } from '../../test/helpers/sandbox.ts';
import { createTestDatabase, postJson } from '../../test/helpers/server.ts';
import { spawnServer } from '../../test/helpers/spawned-server.ts';
import { commandCpuMicroseconds, machineCpuMicroseconds, treeCpuMicroseconds } from '../shared/process-stats.ts';

/**
 * messageThreads/add of one integration, then messageThreads/getAll, then messageThreads/add spread over 16
 * applications with 2 enterprises each (32 integrations, every connection going through all of them in turn), then
 * messageThreads/add of one of those integrations alone, against
 * three setups started one after the other in this run:
 * SQLite with one process (the baseline), PostgreSQL + Redis with one process, and PostgreSQL + Redis with two
 * workers. Each setup gets a fresh database and its own server process(es) on a free port; the request limit is
 * raised out of the way (every request still goes through the limiter, in Redis for PostgreSQL). Bounded: a fixed
 * number of seconds per operation. Prints one table, with each rate as a ratio to the SQLite baseline.
 *
 * @example npx tsx bench/scale/run.ts [seconds per operation, default 10] [connections, default 16]
 */
const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 16);

const SETUPS = [
  { name: 'SQLite, 1 process', backend: 'sqlite', workers: 1 },
  { name: 'PostgreSQL + Redis, 1 process', backend: 'postgres', workers: 1 },
  { name: 'PostgreSQL + Redis, 2 workers', backend: 'postgres', workers: 2 },
] as const;

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /**
   * Where the machine's CPU went during the measurement, in cores (CPU seconds per second): all of it (of
   * `availableParallelism()` cores), the server's processes (a primary and its workers), PostgreSQL's and Redis's
   * processes, and this process (autocannon, the load generator).
   */
  readonly cores: { readonly machine: number; readonly server: number; readonly databases: number; readonly load: number };
}

/** `bodies` in turn on every connection; `serverPid`'s process tree is the server's share of the CPU. */
async function measure(url: string, serverPid: number, path: string, bodies: unknown[], seconds: number): Promise<Measured> {
  const databasesCpu = () => commandCpuMicroseconds('postgres') + commandCpuMicroseconds('redis-server');
  const before = { machine: machineCpuMicroseconds().busy, server: treeCpuMicroseconds(serverPid), databases: databasesCpu(), load: process.cpuUsage() };
  const startedNs = process.hrtime.bigint();
  const result = await autocannon({
    url: new URL(path, url).href,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ body: JSON.stringify(body) })),
    connections: CONNECTIONS,
    duration: seconds,
  });
  const elapsedUs = Number(process.hrtime.bigint() - startedNs) / 1000;
  const load = process.cpuUsage(before.load);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    cores: {
      machine: (machineCpuMicroseconds().busy - before.machine) / elapsedUs,
      server: (treeCpuMicroseconds(serverPid) - before.server) / elapsedUs,
      databases: (databasesCpu() - before.databases) / elapsedUs,
      load: (load.user + load.system) / elapsedUs,
    },
  };
}

const ADD = '/api/connector/v1/messageThreads/add';
const APPLICATIONS = 16;
const SPREAD = `messageThreads/add, ${APPLICATIONS} applications × 2 enterprises`;
/**
 * The demo token's integration belongs to the sandbox `demo`, whose requests also pay for its journal, faults and
 * clock; an operator's applications belong to no sandbox. This is one of those, with one integration.
 */
const SINGLE = 'messageThreads/add, 1 application outside any sandbox';
const add = { ...demo.a, OriginalSender: 'Bench guest', Subject: 'Throughput' };
const now = nowUtc();
const getAll = {
  ...demo.a,
  CreatedUtc: { StartUtc: formatUtc(now - 86_400), EndUtc: formatUtc(now + 86_400) },
  Limitation: { Count: 100 },
};

/** Two enterprises and `APPLICATIONS` applications integrated with both, made through the admin API: one add body per integration. */
async function spreadBodies(url: string): Promise<unknown[]> {
  const call = async (operation: string, body: unknown) => {
    const response = await postJson(url, `/api/admin/v1/${operation}`, body, { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` });
    if (response.status !== 200) throw new Error(`${operation}: ${response.status} ${response.text}`);
    return response.body;
  };
  const enterprises = [];
  for (const Name of ['Hotel 1', 'Hotel 2']) enterprises.push((await call('enterprises/add', { Name })).Enterprise.Id as string);
  const bodies = [];
  for (let i = 0; i < APPLICATIONS; i++) {
    const { Application } = await call('applications/add', { Name: `Chat platform ${i}` });
    for (const EnterpriseId of enterprises) {
      const { Integration } = await call('integrations/add', { ApplicationId: Application.Id, EnterpriseId });
      bodies.push({ ClientToken: Application.ClientToken, AccessToken: Integration.AccessToken, Client: 'Bench 1.0', OriginalSender: 'Bench guest', Subject: 'Throughput' });
    }
  }
  return bodies;
}

const rows: { setup: string; operation: string; measured: Measured }[] = [];
for (const setup of SETUPS) {
  const database = await createTestDatabase(setup.backend);
  const server = await spawnServer({
    ...database.env,
    WORKERS: String(setup.workers),
    RATE_LIMIT_MAX: '1000000000',
  });
  try {
    const spread = await spreadBodies(server.url);
    const pid = server.process.pid!;
    await measure(server.url, pid, ADD, [add], 2); // warm-up
    rows.push({ setup: setup.name, operation: 'messageThreads/add', measured: await measure(server.url, pid, ADD, [add], SECONDS) });
    rows.push({ setup: setup.name, operation: 'messageThreads/getAll (100 per page)', measured: await measure(server.url, pid, '/api/connector/v1/messageThreads/getAll', [getAll], SECONDS) });
    rows.push({ setup: setup.name, operation: SPREAD, measured: await measure(server.url, pid, ADD, spread, SECONDS) });
    rows.push({ setup: setup.name, operation: SINGLE, measured: await measure(server.url, pid, ADD, spread.slice(0, 1), SECONDS) });
  } finally {
    await server.stop();
    await database.drop();
  }
}

const baseline = (operation: string) => rows.find((r) => r.operation === operation && r.setup === SETUPS[0].name)!.measured.rps;
console.log(`${SECONDS} s per operation, ${CONNECTIONS} connections, ${availableParallelism()} cores, ${new Date().toISOString()}`);
console.log('| setup | operation | requests/s | vs SQLite | p50 ms | p99 ms | errors | cores busy: machine | server | PostgreSQL + Redis | load generator |');
console.log('| --- | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
for (const { setup, operation, measured } of rows) {
  const ratio = (measured.rps / baseline(operation)).toFixed(2);
  const { machine, server, databases, load } = measured.cores;
  const cores = [machine, server, databases, load].map((value) => value.toFixed(2)).join(' | ');
  console.log(`| ${setup} | ${operation} | ${measured.rps.toFixed(0)} | ${ratio} | ${measured.p50} | ${measured.p99} | ${measured.errors} | ${cores} |`);
}
