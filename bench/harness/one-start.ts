// One measured start, in a process of its own (bench/harness/run.ts spawns it): prints one JSON line.
// BENCH_PART=server: the server alone (startEmbeddedServer, then one demo-credential request), for the breakdown.
import { performance } from 'node:perf_hooks';
import { startSandbox } from '@connector-messaging/testing';
import { startEmbeddedServer } from 'connector-messaging/embedded';

const DEMO = {
  ClientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
  AccessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
  Client: 'Bench 1.0',
};

const loadedMs = performance.now();
let startedMs: number;
let answeredMs: number;
if (process.env.BENCH_PART === 'server') {
  const server = await startEmbeddedServer({ PORT: '0', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', MODE: 'sandbox' });
  startedMs = performance.now();
  const response = await fetch(`${server.url}/api/connector/v1/messageThreads/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...DEMO, OriginalSender: 'Bench', Subject: 'First request' }),
  });
  if (response.status !== 200) throw new Error(`messageThreads/add answered ${response.status}`);
  answeredMs = performance.now();
  await server.close();
} else {
  const sandbox = await startSandbox();
  startedMs = performance.now();
  await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Bench', Subject: 'First request' });
  answeredMs = performance.now();
  await sandbox.stop();
}
const stoppedMs = performance.now();
console.log(JSON.stringify({ loadedMs, startMs: startedMs - loadedMs, firstAnswerMs: answeredMs - loadedMs, stopMs: stoppedMs - answeredMs }));
