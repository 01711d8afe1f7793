import { afterEach, describe, expect, it } from 'vitest';
import { adminClient, ok } from '../helpers/admin.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { addMessages, addThread, applicationId } from './webhook-fixtures.ts';

async function setWebhookUrl(server: SpawnedServer, url: string): Promise<void> {
  await ok(adminClient(server)('applications/update', { ApplicationId: applicationId, WebhookUrl: url }));
}

describe('webhooks across server processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(): Promise<TestDatabase> {
    const created = await createTestDatabase();
    cleanups.push(() => created.drop());
    return created;
  }
  async function server(env: Record<string, string>): Promise<SpawnedServer> {
    const spawned = await spawnServer(env);
    cleanups.push(() => spawned.dispose());
    return spawned;
  }
  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    cleanups.push(() => started.close());
    return started;
  }

  it('delivers an event committed by a process killed with SIGKILL before delivering it, once restarted', async () => {
    const { env } = await database();
    const settings = { ...env, WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_INITIAL_MS: '50', WEBHOOK_POLL_INTERVAL_MS: '50' };
    const hook = await receiver();
    // The first request is never answered: the event cannot be delivered before the kill.
    hook.respondWith((_request, index) => (index === 0 ? { status: 200, delayMs: 600_000 } : { status: 200 }));
    const first = await server(settings);
    await setWebhookUrl(first, `${hook.origin}/hook`);
    const [messageId] = await addMessages(first, await addThread(first), 1);
    await first.stop('SIGKILL');
    const sentBeforeKill = hook.received.length;

    await server(settings);
    const delivered = (await hook.waitFor(sentBeforeKill + 1, 60_000)).slice(sentBeforeKill);
    expect(messageIdsOf(delivered[0]!)).toEqual([messageId]);
    // A request that was cut off by the kill is retried as the same delivery.
    if (sentBeforeKill > 0) expect(delivered[0]!.headers['webhook-id']).toBe(hook.received[0]!.headers['webhook-id']);
  }, 120_000);

  it('resumes the deliveries of a process killed with SIGKILL mid-attempt in another process, without waiting out its longest attempt', async () => {
    const { env } = await database();
    // The default WEBHOOK_TIMEOUT_MS: a lease as long as the longest attempt would hold the delivery for about 32 s.
    const settings = { ...env, WEBHOOK_POLL_INTERVAL_MS: '50' };
    const hook = await receiver();
    // The first request's answer is slow: the first process holds the delivery's lease when it is killed.
    hook.respondWith((_request, index) => (index === 0 ? { status: 200, delayMs: 600_000 } : { status: 200 }));
    const first = await server(settings);
    await setWebhookUrl(first, `${hook.origin}/hook`);
    const threadId = await addThread(first);
    const [heldBack] = await addMessages(first, threadId, 1);
    await hook.waitFor(1, 15_000);
    const second = await server(settings);
    await first.stop('SIGKILL');
    const [newer] = await addMessages(second, threadId, 1);

    // Well within the old lease, counted from the kill: the held-back delivery, then the newer event behind it.
    const delivered = (await hook.waitFor(3, 15_000)).slice(1);
    expect(delivered.map(messageIdsOf)).toEqual([[heldBack], [newer]]);
    expect(delivered[0]!.headers['webhook-id']).toBe(hook.received[0]!.headers['webhook-id']);
  }, 120_000);

  it('shares the work of two processes on one database: every event delivered once, never two requests at once', async () => {
    const { env } = await database();
    const settings = { ...env, WEBHOOK_POLL_INTERVAL_MS: '50' };
    const hook = await receiver();
    let inFlight = 0;
    let mostInFlight = 0;
    // Each answer takes a little while, so that overlapping requests would be seen.
    hook.respondWith(() => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => inFlight--, 20);
      return { status: 200, delayMs: 20 };
    });
    const [one, two] = await Promise.all([server(settings), server(settings)]);
    await setWebhookUrl(one!, `${hook.origin}/hook`);
    const threadId = await addThread(one!);

    const added: string[] = [];
    for (let round = 0; round < 10; round++) {
      const batches = await Promise.all([one!, two!, one!, two!].map((target) => addMessages(target, threadId, 3)));
      added.push(...batches.flat());
    }
    await waitUntil(() => new Set(hook.received.flatMap(messageIdsOf)).size >= added.length, 60_000);
    // Requests keep arriving after the last needed one only if something was sent twice; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const delivered = hook.received.flatMap(messageIdsOf);
    expect(new Set(delivered)).toEqual(new Set(added));
    expect(delivered).toHaveLength(added.length);
    expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(hook.received.length);
    expect(mostInFlight).toBe(1);
    const succeeded = await Promise.all(
      [one!, two!].map(async (target) => {
        const metrics = await fetch(new URL('/metrics', target.url)).then((r) => r.text());
        return Number(/^webhook_deliveries_total\{kind="MessageAdded",outcome="succeeded"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
      }),
    );
    expect(succeeded[0]! + succeeded[1]!).toBe(hook.received.length);
  }, 180_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
