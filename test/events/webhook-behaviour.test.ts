import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, expectError, ok, type AdminCall } from '../helpers/admin.ts';
import * as connector from '../helpers/connector.ts';
import { createTestDatabase, startTestServer, type TestServer } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';
import { messageIdsOf, startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const FAST = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_INITIAL_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
};

const DEFAULTS = {
  LagMs: 0,
  LagJitterMs: 0,
  FailNextCount: 0,
  FailNextStatus: null,
  FailNextTimeout: false,
  DuplicateProbability: 0,
  Reorder: false,
};

const seconds = (utc: string) => Date.parse(utc) / 1000;
const actionOf = (request: ReceivedWebhook) => (JSON.parse(request.body) as { Action: string }).Action;

interface SandboxWorld {
  readonly sandbox: any;
  readonly applicationId: string;
  readonly credentials: connector.Credentials;
}

/**
 * A sandbox whose webhooks of both kinds go to `receiver` (which it leaves empty), with its application's id and its
 * enterprise's credentials.
 */
async function sandboxFor(admin: AdminCall, receiver: WebhookReceiver, extra: Record<string, unknown> = {}): Promise<SandboxWorld> {
  const { Sandbox } = await ok(
    admin('sandboxes/add', { EnterpriseCount: 1, WebhookUrl: `${receiver.origin}/hook`, IntegrationWebhookUrl: `${receiver.origin}/integration`, ...extra }),
  );
  const { Applications } = await ok(admin('applications/getAll', {}));
  const application = Applications.find((candidate: any) => candidate.ClientToken === Sandbox.ClientToken);
  // Adding the sandbox sent its IntegrationCreated webhook; the tests start after it.
  await receiver.waitFor(1);
  receiver.received.length = 0;
  return {
    sandbox: Sandbox,
    applicationId: application.Id,
    credentials: { ClientToken: Sandbox.ClientToken, AccessToken: Sandbox.Enterprises[0].AccessToken, Client: 'Behaviour test 1.0' },
  };
}

async function addMessages(server: connector.ConnectorServer, world: SandboxWorld, count: number): Promise<string[]> {
  const thread = await connector.addThread(server, world.credentials);
  return (await connector.addMessages(server, world.credentials, connector.messagesFor(thread.Id, count))).map((message) => message.Id);
}

async function deliveries(admin: AdminCall, applicationId: string): Promise<any[]> {
  const { WebhookDeliveries } = await ok(admin('webhookDeliveries/getAll', { ApplicationId: applicationId, Limitation: { Count: 100 } }));
  // Oldest first, as they were created, after the sandbox's IntegrationCreated.
  return [...WebhookDeliveries].reverse().filter((delivery) => delivery.Action !== 'IntegrationCreated');
}

/** The deliveries once none is pending. */
async function settled(admin: AdminCall, applicationId: string, count: number): Promise<any[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const all = await deliveries(admin, applicationId);
    if (all.length >= count && all.every((delivery) => delivery.Status !== 'Pending')) return all;
    if (Date.now() > deadline) throw new Error(`deliveries not settled: ${JSON.stringify(all)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A MessageAdded delivery and an integration webhook's, by kind: made in one second, their order in the log is not theirs. */
function ofKinds(deliveries: any[]): [any, any] {
  return [deliveries.find((delivery) => delivery.Kind === 'MessageAdded'), deliveries.find((delivery) => delivery.Kind === 'Integration')];
}

/** Disables the sandbox's integration with its enterprise: one IntegrationDisabled webhook. */
async function disableIntegration(admin: AdminCall, world: SandboxWorld): Promise<void> {
  await ok(admin('integrations/update', { IntegrationId: world.sandbox.Enterprises[0].IntegrationId, IsEnabled: false }));
}

describe('webhook behaviour of a sandbox', () => {
  let server: TestServer;
  let admin: AdminCall;
  const receivers: WebhookReceiver[] = [];
  beforeAll(async () => {
    server = await startTestServer(FAST);
    admin = adminClient(server);
  });
  afterAll(() => server?.close());
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  it('is the defaults until updated; absent fields keep their value and null resets one', async () => {
    const world = await sandboxFor(admin, await receiver());
    const SandboxId = world.sandbox.Id;
    expect(await ok(admin('webhookBehaviour/get', { SandboxId }))).toEqual({ WebhookBehaviour: { SandboxId, ...DEFAULTS } });

    const updated = await ok(
      admin('webhookBehaviour/update', { SandboxId, LagMs: 120_000, LagJitterMs: 180_000, FailNext: { Count: 3, Status: 503 }, DuplicateProbability: 0.25, Reorder: true }),
    );
    const expected = { SandboxId, LagMs: 120_000, LagJitterMs: 180_000, FailNextCount: 3, FailNextStatus: 503, FailNextTimeout: false, DuplicateProbability: 0.25, Reorder: true };
    expect(updated).toEqual({ WebhookBehaviour: expected });
    expect(await ok(admin('webhookBehaviour/get', { SandboxId }))).toEqual({ WebhookBehaviour: expected });

    const changed = await ok(admin('webhookBehaviour/update', { SandboxId, LagMs: null, FailNext: { Count: 1, Timeout: true } }));
    expect(changed.WebhookBehaviour).toEqual({ ...expected, LagMs: 0, FailNextCount: 1, FailNextStatus: null, FailNextTimeout: true });
    const reset = await ok(admin('webhookBehaviour/update', { SandboxId, LagJitterMs: null, FailNext: null, DuplicateProbability: null, Reorder: null }));
    expect(reset.WebhookBehaviour).toEqual({ SandboxId, ...DEFAULTS });
  });

  it('answers bad input with 400 Invalid <Parameter>', async () => {
    const world = await sandboxFor(admin, await receiver());
    const SandboxId = world.sandbox.Id;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ LagMs: -1 }, /^Invalid LagMs/],
      [{ LagMs: 600_001 }, /^Invalid LagMs/],
      [{ LagMs: 1.5 }, /^Invalid LagMs/],
      [{ LagMs: 'soon' }, /^Invalid LagMs/],
      [{ LagJitterMs: 600_001 }, /^Invalid LagJitterMs/],
      [{ FailNext: { Count: 0 } }, /^Invalid FailNext.Count/],
      [{ FailNext: { Count: 101 } }, /^Invalid FailNext.Count/],
      [{ FailNext: { Count: 1, Status: 200 } }, /^Invalid FailNext.Status/],
      [{ FailNext: { Count: 1, Status: 503, Timeout: true } }, /^Invalid FailNext/],
      [{ FailNext: {} }, /^Invalid FailNext/],
      [{ DuplicateProbability: 1.5 }, /^Invalid DuplicateProbability/],
      [{ DuplicateProbability: -0.1 }, /^Invalid DuplicateProbability/],
      [{ Reorder: 'yes' }, /^Invalid Reorder/],
    ];
    for (const [body, message] of cases) expectError(await admin('webhookBehaviour/update', { SandboxId, ...body }), 400, message);
    const unknown = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';
    expectError(await admin('webhookBehaviour/update', { SandboxId: unknown, LagMs: 1 }), 400, /^Invalid SandboxId/);
    expectError(await admin('webhookBehaviour/get', { SandboxId: unknown }), 400, /^Invalid SandboxId/);
    expectError(await admin('webhookBehaviour/get', { SandboxId: 'nope' }), 400, /^Invalid SandboxId/);
    // Nothing of the refused updates was kept.
    expect((await ok(admin('webhookBehaviour/get', { SandboxId }))).WebhookBehaviour).toEqual({ SandboxId, ...DEFAULTS });
  });

  it('lags both kinds of webhook: no attempt before LagMs after the event', async () => {
    const hook = await receiver();
    const world = await sandboxFor(admin, hook);
    await ok(admin('webhookBehaviour/update', { SandboxId: world.sandbox.Id, LagMs: 2000 }));
    const [messageId] = await addMessages(server, world, 1);
    await disableIntegration(admin, world);

    const [messageAdded, integration] = ofKinds(await settled(admin, world.applicationId, 2));
    for (const delivery of [messageAdded, integration]) {
      expect(delivery.Status).toBe('Succeeded');
      expect(delivery.Attempts).toHaveLength(1);
      // Whole seconds: an attempt 2000 ms or more after its event is at least 2 s later on the clock's second too.
      expect(seconds(delivery.Attempts[0].AttemptedUtc) - seconds(delivery.CreatedUtc)).toBeGreaterThanOrEqual(2);
    }
    expect(messageAdded.Events).toEqual([{ Discriminator: 'MessageAdded', Value: { Id: messageId } }]);
    expect(integration.Action).toBe('IntegrationDisabled');
    // What the receiver got was signed no earlier either.
    const received = await hook.waitFor(2);
    for (const [request, delivery] of [[received.find((r) => r.path === '/hook')!, messageAdded], [received.find((r) => r.path === '/integration')!, integration]]) {
      expect(Number(request.headers['webhook-timestamp']) - seconds(delivery.CreatedUtc)).toBeGreaterThanOrEqual(2);
    }
  });

  it('fails the next attempts without a request, recorded with the status or as a timeout, then retries and delivers', async () => {
    const hook = await receiver();
    const world = await sandboxFor(admin, hook);
    const SandboxId = world.sandbox.Id;
    await ok(admin('webhookBehaviour/update', { SandboxId, FailNext: { Count: 2, Status: 503 } }));
    const [messageId] = await addMessages(server, world, 1);
    const [messageAdded] = await settled(admin, world.applicationId, 1);
    expect(messageAdded.Status).toBe('Succeeded');
    expect(messageAdded.Attempts.map((attempt: any) => [attempt.StatusCode, attempt.Error])).toEqual([[503, null], [503, null], [200, null]]);
    expect(messageAdded.Attempts[0].Url).toBe(`${hook.origin}/hook`);
    // The receiver saw the one attempt that went out.
    expect(hook.received.map(messageIdsOf)).toEqual([[messageId]]);
    expect((await ok(admin('webhookBehaviour/get', { SandboxId }))).WebhookBehaviour.FailNextCount).toBe(0);

    await ok(admin('webhookBehaviour/update', { SandboxId, FailNext: { Count: 1, Timeout: true } }));
    await disableIntegration(admin, world);
    const [, integration] = ofKinds(await settled(admin, world.applicationId, 2));
    expect(integration.Attempts.map((attempt: any) => [attempt.StatusCode, attempt.Error])).toEqual([[null, 'no answer within 1000 ms'], [200, null]]);
    expect(hook.received.filter((request) => request.path === '/integration').map(actionOf)).toEqual(['IntegrationDisabled']);
  });

  it('sends a delivery twice with the same webhook-id, with that probability', async () => {
    const hook = await receiver();
    const world = await sandboxFor(admin, hook);
    await ok(admin('webhookBehaviour/update', { SandboxId: world.sandbox.Id, DuplicateProbability: 1 }));
    const [messageId] = await addMessages(server, world, 1);
    await disableIntegration(admin, world);
    const received = await hook.waitFor(4);
    const messageAdded = received.filter((request) => request.path === '/hook');
    const integration = received.filter((request) => request.path === '/integration');
    expect(messageAdded.map(messageIdsOf)).toEqual([[messageId], [messageId]]);
    expect(integration.map(actionOf)).toEqual(['IntegrationDisabled', 'IntegrationDisabled']);
    for (const pair of [messageAdded, integration]) {
      expect(pair[0]!.headers['webhook-id']).toBe(pair[1]!.headers['webhook-id']);
      expect(pair[0]!.body).toBe(pair[1]!.body);
    }
    const logged = await settled(admin, world.applicationId, 2);
    expect(logged.map((delivery) => delivery.Id).sort()).toEqual([messageAdded[0]!.headers['webhook-id'], integration[0]!.headers['webhook-id']].sort());
  });

  it('shuffles deliveries due together, the same way for the same Seed', async () => {
    async function order(seed: string | null, reorder: boolean): Promise<number[]> {
      const hook = await receiver();
      const world = await sandboxFor(admin, hook, { Seed: seed });
      await ok(admin('webhookBehaviour/update', { SandboxId: world.sandbox.Id, Reorder: reorder }));
      // One request: the six events are committed, and so due, together.
      const messageIds = await addMessages(server, world, 6);
      const received = await hook.waitFor(reorder ? 6 : 1);
      return received.flatMap(messageIdsOf).map((id) => messageIds.indexOf(id));
    }
    const shuffled = await order('shuffle-1', true);
    expect([...shuffled].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(shuffled).not.toEqual([0, 1, 2, 3, 4, 5]);
    expect(await order('shuffle-1', true)).toEqual(shuffled);
    // Without Reorder, the same events go out as usual: together, in creation order.
    expect(await order('shuffle-1', false)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps to its sandbox, and goes with a reset and a removal', async () => {
    const hook = await receiver();
    const flaky = await sandboxFor(admin, hook);
    const other = await sandboxFor(admin, await receiver());
    await ok(admin('webhookBehaviour/update', { SandboxId: flaky.sandbox.Id, FailNext: { Count: 100 } }));
    await addMessages(server, other, 1);
    const [delivered] = await settled(admin, other.applicationId, 1);
    expect(delivered.Attempts.map((attempt: any) => attempt.StatusCode)).toEqual([200]);
    expect((await ok(admin('webhookBehaviour/get', { SandboxId: other.sandbox.Id }))).WebhookBehaviour).toEqual({ SandboxId: other.sandbox.Id, ...DEFAULTS });

    await ok(admin('sandboxes/reset', { SandboxId: flaky.sandbox.Id }));
    expect((await ok(admin('webhookBehaviour/get', { SandboxId: flaky.sandbox.Id }))).WebhookBehaviour).toEqual({ SandboxId: flaky.sandbox.Id, ...DEFAULTS });
    await addMessages(server, flaky, 1);
    const [afterReset] = await settled(admin, flaky.applicationId, 1);
    expect(afterReset.Attempts.map((attempt: any) => attempt.StatusCode)).toEqual([200]);

    await ok(admin('webhookBehaviour/update', { SandboxId: flaky.sandbox.Id, LagMs: 1000 }));
    await ok(admin('sandboxes/remove', { SandboxId: flaky.sandbox.Id }));
    expectError(await admin('webhookBehaviour/get', { SandboxId: flaky.sandbox.Id }), 400, /^Invalid SandboxId/);
    expect(await server.database.selectFrom('webhook_behaviours').selectAll().where('sandbox_id', '=', flaky.sandbox.Id).execute()).toEqual([]);
  });

  it('does not exist in production mode', async () => {
    const production = await startTestServer({ MODE: 'production', ADMIN_TOKEN: 'production-admin-token-0123456789' });
    try {
      const call = adminClient(production, 'production-admin-token-0123456789');
      for (const operation of ['webhookBehaviour/update', 'webhookBehaviour/get']) {
        expectError(await call(operation, { SandboxId: '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10' }), 404, /.+/);
      }
    } finally {
      await production.close();
    }
  });
});

describe('webhook behaviour across server processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each([
    ['two processes sharing the database', 2, {}],
    ['the two workers of one server (WORKERS=2)', 1, { WORKERS: '2' }],
  ])('fails exactly FailNext.Count attempts between %s', async (_, count, extra) => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const hook = await startWebhookReceiver();
    cleanups.push(() => hook.close());
    const settings = { ...database.env, ...FAST, ...extra };
    const spawned: SpawnedServer[] = await Promise.all(Array.from({ length: count }, () => spawnServer(settings)));
    // One server: its workers share the port, and requests through it go to either.
    const processes = count === 2 ? spawned : [spawned[0]!, spawned[0]!];
    for (const process of spawned) cleanups.push(() => process.dispose());
    const admins = processes.map((process) => adminClient(process));
    const world = await sandboxFor(admins[0]!, hook);
    await ok(admins[1]!('webhookBehaviour/update', { SandboxId: world.sandbox.Id, FailNext: { Count: 5, Status: 500 } }));

    // Messages through either process in turn, each its own request and so, most likely, its own delivery.
    const messageIds: string[] = [];
    for (let round = 0; round < 8; round++) messageIds.push(...(await addMessages(processes[round % 2]!, world, 1)));
    const deadline = Date.now() + 60_000;
    let logged: any[];
    for (;;) {
      logged = await deliveries(admins[0]!, world.applicationId);
      const delivered = logged.filter((delivery) => delivery.Status === 'Succeeded').flatMap((delivery) => delivery.Events.map((event: any) => event.Value.Id));
      if (delivered.length === messageIds.length) break;
      if (Date.now() > deadline) throw new Error(`not all delivered: ${JSON.stringify(logged)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const failed = logged.flatMap((delivery) => delivery.Attempts).filter((attempt: any) => attempt.StatusCode === 500);
    expect(failed).toHaveLength(5);
    expect((await ok(admins[0]!('webhookBehaviour/get', { SandboxId: world.sandbox.Id }))).WebhookBehaviour.FailNextCount).toBe(0);
    expect(new Set(hook.received.flatMap(messageIdsOf))).toEqual(new Set(messageIds));
  }, 180_000);
});
