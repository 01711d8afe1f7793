import { randomInt } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { adminClient, createTenant, credentials, ok, type Tenant } from '../helpers/admin.ts';
import type { Message } from '@connector-messaging/client';
import { aroundNow, CONNECTOR_PATHS, getPage, pageAll, type Page } from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase, postJson, type TestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/**
 * SIGKILLs at random moments of a concurrent write load, each followed by a restart on the same database: no
 * acknowledged thread or message is lost or doubled, no write is half done, and every message's MessageAdded webhook
 * arrives. `KILL_SEED=<n>` repeats a run's kill moments and choices (the seed is printed).
 */

const SEED = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : randomInt(2 ** 31);
const KILLS = 10;
const TENANTS = 3;
const WRITERS = 6;

/** mulberry32: a small seeded generator, so that a run's kill moments and choices can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WebhookTenant extends Tenant {
  readonly secret: string;
  readonly hookPath: string;
}

interface AcknowledgedMessage {
  readonly threadId: string;
  readonly text: string;
}

/** What the load wrote and what the server answered. */
class Ledger {
  readonly threads = new Map<string, { tenant: number; subject: string }>();
  readonly messages = new Map<string, AcknowledgedMessage>();
  /** Texts of each messages/add that was not acknowledged: after the kills, all of them are stored or none. */
  readonly unacknowledgedBatches: string[][] = [];
  readonly statuses = new Map<string, number>();
  requests = 0;

  count(outcome: string): void {
    this.statuses.set(outcome, (this.statuses.get(outcome) ?? 0) + 1);
  }
}

/** Whether a request failed before reaching the server (nothing listening), rather than being cut off by the kill. */
function refused(error: unknown): boolean {
  return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
}

/** One client of the load: adds threads and messages into its tenant's acknowledged threads until told to stop. */
async function writer(
  index: number,
  tenant: WebhookTenant,
  tenantIndex: number,
  url: string,
  random: () => number,
  ledger: Ledger,
  running: () => boolean,
): Promise<void> {
  const own: string[] = [];
  for (let request = 0; running(); request++) {
    ledger.requests++;
    const subject = `writer ${index} request ${request}`;
    const Messages = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({
      MessageThreadId: own[Math.floor(random() * own.length)]!,
      Text: `${subject} message ${i}`,
    }));
    const addThread = own.length === 0 || random() < 0.25;
    try {
      const response = addThread
        ? await postJson(url, CONNECTOR_PATHS.addThread, { ...credentials(tenant), OriginalSender: `Guest ${index}`, Subject: subject })
        : await postJson(url, CONNECTOR_PATHS.addMessages, { ...credentials(tenant), Messages });
      ledger.count(String(response.status));
      if (response.status !== 200) {
        if (!addThread) ledger.unacknowledgedBatches.push(Messages.map((message) => message.Text));
      } else if (addThread) {
        const id = response.body.MessageThreads[0].Id as string;
        own.push(id);
        ledger.threads.set(id, { tenant: tenantIndex, subject });
      } else {
        for (const [i, added] of (response.body.Messages as { Message: { Id: string } }[]).entries()) {
          ledger.messages.set(added.Message.Id, { threadId: Messages[i]!.MessageThreadId, text: Messages[i]!.Text });
        }
      }
    } catch (error) {
      if (refused(error)) {
        // The server is down: wait a little for its restart.
        ledger.count('refused');
        await sleep(50);
      } else {
        // Cut off by the kill: it may or may not have been stored.
        ledger.count('cut off');
        if (!addThread) ledger.unacknowledgedBatches.push(Messages.map((message) => message.Text));
      }
    }
  }
}

/** The message ids of a webhook request, once its Standard Webhooks signature is verified with its tenant's secret. */
function verifiedMessageIds(request: ReceivedWebhook, tenants: readonly WebhookTenant[]): string[] {
  const tenant = tenants.find((candidate) => candidate.hookPath === request.path);
  if (!tenant) throw new Error(`a webhook to an unknown path: ${request.path}`);
  const payload = new Webhook(tenant.secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  }) as { IntegrationId: string; Events: { Discriminator: string; Value: { Id: string } }[] };
  expect(payload.IntegrationId).toBe(tenant.integrationIds[0]);
  return payload.Events.filter((event) => event.Discriminator === 'MessageAdded').map((event) => event.Value.Id);
}

describe('reliability: SIGKILL under write load', () => {
  let database: TestDatabase | undefined;
  let receiver: WebhookReceiver | undefined;
  let server: SpawnedServer | undefined;
  afterAll(async () => {
    await server?.dispose();
    await receiver?.close();
    await database?.drop();
  });

  it(`keeps every acknowledged write and its webhook through ${KILLS} SIGKILLs and restarts`, async () => {
    console.log(`kill suite: seed ${SEED} (KILL_SEED=${SEED} repeats this run)`);
    const random = seededRandom(SEED);
    database = await createTestDatabase();
    receiver = await startWebhookReceiver();
    // A killed process's leased delivery waits for its short lease (WEBHOOK_LEASE_MS) before another process may send
    // it; a short timeout ends a hung attempt soon. Quick retries and a short hold-back keep failed attempts from piling up.
    const env = {
      ...database.env,
      RATE_LIMIT_MAX: '1000000',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_RETRY_INITIAL_MS: '100',
      WEBHOOK_RETRY_MAX_MS: '1000',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    };
    server = await spawnServer(env);
    const port = new URL(server.url).port;
    const url = server.url;

    const admin = adminClient(server);
    const tenants: WebhookTenant[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const tenant = await createTenant(admin, [`Hotel ${i}`]);
      const hookPath = `/hooks/${i}`;
      const { Application } = await ok(
        admin('applications/update', { ApplicationId: tenant.applicationId, WebhookUrl: `${receiver.origin}${hookPath}`, RotateWebhookSecret: true }),
      );
      tenants.push({ ...tenant, secret: Application.WebhookSecret, hookPath });
    }

    const ledger = new Ledger();
    let running = true;
    const writers = Array.from({ length: WRITERS }, (_, i) =>
      writer(i, tenants[i % TENANTS]!, i % TENANTS, url, random, ledger, () => running),
    );

    const acknowledgedPerLife: number[] = [];
    const restartMs: number[] = [];
    let acknowledgedBefore = 0;
    const acknowledged = () => ledger.threads.size + ledger.messages.size;
    for (let kill = 0; kill < KILLS; kill++) {
      // A random moment of the load: some time after the restart, once it has acknowledged something.
      await eventually(acknowledged, (n) => n > acknowledgedBefore, 30_000);
      await sleep(100 + Math.floor(random() * 1200));
      await server.stop('SIGKILL');
      acknowledgedPerLife.push(acknowledged() - acknowledgedBefore);
      acknowledgedBefore = acknowledged();
      // Restarted on the same database and port, so that the load's clients carry on against it.
      const restarting = Date.now();
      server = await spawnServer({ ...env, PORT: port });
      restartMs.push(Date.now() - restarting);
    }
    await eventually(acknowledged, (n) => n > acknowledgedBefore, 30_000);
    running = false;
    await Promise.all(writers);
    acknowledgedPerLife.push(acknowledged() - acknowledgedBefore);
    const final = server;

    // Every acknowledged thread and message is readable exactly once; nothing is doubled; no messages/add is half done.
    let committedUnacknowledgedThreads = 0;
    let committedUnacknowledgedMessages = 0;
    const readable = new Map<string, { threadId: string; text: string }>();
    for (const [index, tenant] of tenants.entries()) {
      const threads = await pageAll(final, 'threads', { ...credentials(tenant), CreatedUtc: aroundNow() }, 1000);
      expect(new Set(threads).size, 'a thread listed twice').toBe(threads.length);
      const mine = [...ledger.threads].filter(([, thread]) => thread.tenant === index).map(([id]) => id);
      expect(threads).toEqual(expect.arrayContaining(mine));
      committedUnacknowledgedThreads += threads.length - mine.length;
      for (let from = 0; from < threads.length; from += 1000) {
        const MessageThreadIds = threads.slice(from, from + 1000);
        let cursor: string | null = null;
        do {
          const page: Page<Message> = await getPage(final, 'messages', { ...credentials(tenant), MessageThreadIds, Limitation: { Count: 1000, Cursor: cursor } });
          for (const message of page.items) {
            expect(readable.has(message.Id), `message ${message.Id} listed twice`).toBe(false);
            readable.set(message.Id, { threadId: message.MessageThreadId, text: message.Text });
          }
          cursor = page.cursor;
        } while (cursor !== null);
      }
    }
    const lost = [...ledger.messages].filter(([id, message]) => {
      const read = readable.get(id);
      return read?.threadId !== message.threadId || read.text !== message.text;
    });
    expect(lost, 'acknowledged messages not read back as written').toEqual([]);
    committedUnacknowledgedMessages = readable.size - ledger.messages.size;
    const texts = new Map<string, number>();
    for (const { text } of readable.values()) texts.set(text, (texts.get(text) ?? 0) + 1);
    expect([...texts].filter(([, n]) => n > 1), 'a message stored twice').toEqual([]);
    const halfDone = ledger.unacknowledgedBatches.filter((batch) => {
      const stored = batch.filter((text) => texts.has(text)).length;
      return stored !== 0 && stored !== batch.length;
    });
    expect(halfDone, 'a messages/add partly stored').toEqual([]);

    // Every stored message's MessageAdded arrives (at least once), every request signed with its tenant's secret.
    const waitingSince = Date.now();
    const undelivered = () => {
      const delivered = new Set(receiver!.received.flatMap((request) => verifiedMessageIds(request, tenants)));
      return [...readable.keys()].filter((id) => !delivered.has(id));
    };
    const missing = await eventually(undelivered, (ids) => ids.length === 0, 45_000).catch(undelivered);
    const waitedMs = Date.now() - waitingSince;
    const events = receiver.received.flatMap((request) => verifiedMessageIds(request, tenants));

    console.log(
      [
        `kill suite (${process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite'}): ${KILLS} SIGKILLs, ${WRITERS} clients of ${TENANTS} tenants, seed ${SEED}`,
        `  requests ${ledger.requests}; answers ${JSON.stringify(Object.fromEntries(ledger.statuses))}`,
        `  acknowledged: ${ledger.threads.size} threads, ${ledger.messages.size} messages (per process life: ${acknowledgedPerLife.join(', ')})`,
        `  restarts took ${restartMs.join(', ')} ms; the last MessageAdded arrived ${waitedMs} ms after the reads`,
        `  committed without acknowledgement: ${committedUnacknowledgedThreads} threads, ${committedUnacknowledgedMessages} messages; ${ledger.unacknowledgedBatches.length} messages/add without an answer, ${halfDone.length} of them half stored`,
        `  webhooks: ${receiver.received.length} requests, ${events.length} MessageAdded events, ${events.length - new Set(events).size} sent again; all signatures verified`,
        `  lost: ${lost.length} messages, ${missing.length} MessageAdded events`,
      ].join('\n'),
    );
    expect(missing, 'messages whose MessageAdded never arrived').toEqual([]);
  }, 115_000);
});
