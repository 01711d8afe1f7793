/**
 * MessageAdded webhook latency and throughput with a local receiver that answers 200 at once.
 *
 * Latency: messages/add of one message each, from `--connections` clients at once; for every message, the time from
 * its messages/add response to the webhook request that carries it arriving at the receiver. Throughput: events per
 * second from the first messages/add to the last event's arrival, and messages/add requests per second with the
 * webhook against the same run without it (the baseline), as a ratio.
 *
 *   npx tsx bench/webhooks/run.ts [--requests 1000] [--connections 8]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.ts';
import { updateApplication } from '../../src/domain/applications.ts';
import { SANDBOX_APPLICATIONS } from '../../src/store/sandbox-seed.ts';
import { startServer } from '../../src/server.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, connections: { type: 'string', default: '8' } } });
const REQUESTS = Number(values.requests);
const CONNECTIONS = Number(values.connections);
const application = SANDBOX_APPLICATIONS[0];
const credentials = { ClientToken: application.clientToken, AccessToken: application.accessTokens[0], Client: 'Bench 1.0' };

const arrivals = new Map<string, number>();
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const now = performance.now();
    for (const event of JSON.parse(Buffer.concat(chunks).toString()).Events) arrivals.set(event.Value.Id, now);
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const folder = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
const server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000', DATABASE_URL: `sqlite:${join(folder, 'bench.sqlite')}` }));

async function post(path: string, body: unknown): Promise<any> {
  const response = await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const threadId = (await post('/api/connector/v1/messageThreads/add', { ...credentials, OriginalSender: 'Bench', Subject: 'Webhooks' })).MessageThreads[0].Id;

/** Runs REQUESTS messages/add of one message from CONNECTIONS clients; returns each message's response instant. */
async function addMessages(): Promise<{ responses: Map<string, number>; startedAt: number; seconds: number }> {
  const responses = new Map<string, number>();
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        next++;
        const result = await post('/api/connector/v1/messages/add', { ...credentials, Messages: [{ MessageThreadId: threadId, Text: 'Hello' }] });
        responses.set(result.Messages[0].Message.Id, performance.now());
      }
    }),
  );
  return { responses, startedAt, seconds: (performance.now() - startedAt) / 1000 };
}

const baseline = await addMessages();
await updateApplication(server.store, { applicationId: application.id, webhookUrl: receiverUrl });
const withWebhook = await addMessages();
const deadline = Date.now() + 60_000;
while ([...withWebhook.responses.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const missing = [...withWebhook.responses.keys()].filter((id) => !arrivals.has(id)).length;
const latencies = [...withWebhook.responses].map(([id, respondedAt]) => (arrivals.get(id) ?? Infinity) - respondedAt).sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
const lastArrival = Math.max(...[...withWebhook.responses.keys()].map((id) => arrivals.get(id) ?? 0));

console.log(`MessageAdded webhook, SQLite, ${REQUESTS} messages/add of one message from ${CONNECTIONS} connections, receiver answering 200 at once`);
console.log(
  `latency from messages/add response to webhook arrival: p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (target p99 < 1000 ms: ${percentile(99) < 1000 ? 'met' : 'NOT met'})`,
);
console.log(`events delivered: ${REQUESTS - missing} of ${REQUESTS}, ${(REQUESTS / ((lastArrival - withWebhook.startedAt) / 1000)).toFixed(0)} events/s from the first messages/add to the last arrival`);
console.log(
  `messages/add: ${(REQUESTS / baseline.seconds).toFixed(0)} req/s without a webhook URL, ${(REQUESTS / withWebhook.seconds).toFixed(0)} req/s with it (ratio ${((baseline.seconds / withWebhook.seconds) * 100).toFixed(1)}%)`,
);

await server.close();
receiver.close();
rmSync(folder, { recursive: true, force: true });
