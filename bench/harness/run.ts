import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { startSandbox } from '@connector-messaging/testing';

/**
 * The testing harness's costs: (1) `startSandbox()` to the first answered request (messageThreads/add with the
 * sandbox's client), in `--starts` fresh processes one after the other, and for the breakdown the same with the server
 * alone (`startEmbeddedServer()`, no sandbox, no receiver); (2) `sandboxes/add` per second against one server,
 * `--adds` in all (at most 2000), with 1 and then `--concurrency` calls in flight.
 *
 * Usage: npx tsx bench/harness/run.ts [--starts 10] [--adds 200] [--concurrency 8]
 */

const { values: options } = parseArgs({
  options: {
    starts: { type: 'string', default: '10' },
    adds: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
  },
});
const starts = Number(options.starts);
const adds = Math.min(Number(options.adds), 2000);
const concurrency = Number(options.concurrency);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const spread = (values: number[]) =>
  `median ${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`testing harness: ${starts} fresh processes, ${adds} sandboxes/add; ${new Date().toISOString()}; load average ${load()}`);

interface OneStart {
  loadedMs: number;
  startMs: number;
  firstAnswerMs: number;
  stopMs: number;
}

/** `--starts` fresh processes of bench/harness/one-start.ts, one at a time, after one warm-up (the file cache). */
async function freshStarts(part: 'sandbox' | 'server'): Promise<OneStart[]> {
  const results: OneStart[] = [];
  for (let index = 0; index <= starts; index++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, 'bench/harness/one-start.ts'], {
      cwd: root,
      env: { ...process.env, BENCH_PART: part },
    });
    if (index > 0) results.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as OneStart);
  }
  return results;
}

const harness = await freshStarts('sandbox');
console.log(`process start to modules loaded (node, tsx, server, client, harness): ${spread(harness.map((r) => r.loadedMs))}`);
console.log(`startSandbox() resolved: ${spread(harness.map((r) => r.startMs))}`);
console.log(`startSandbox() to the first answered request: ${spread(harness.map((r) => r.firstAnswerMs))} (target ≤ 300 ms)`);
console.log(`sandbox.stop() after the first answer: ${spread(harness.map((r) => r.stopMs))}`);
const server = await freshStarts('server');
console.log(`breakdown, the server alone: startEmbeddedServer() resolved: ${spread(server.map((r) => r.startMs))}; to its first answer: ${spread(server.map((r) => r.firstAnswerMs))}`);

const sandbox = await startSandbox({ webhooks: false });
try {
  for (const inFlight of [1, concurrency]) {
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < adds) await sandbox.admin.sandboxes.add({ EnterpriseCount: 2 });
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    console.log(`sandboxes/add (2 enterprises each), ${inFlight} in flight: ${(adds / seconds).toFixed(1)} per second (${adds} in ${seconds.toFixed(2)} s)`);
  }
} finally {
  await sandbox.stop();
}
console.log(`load average at the end ${load()}`);
