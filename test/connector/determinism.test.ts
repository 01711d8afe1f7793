import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_THREAD, adminClient, ok } from '../helpers/admin.ts';
import { eventually } from '../helpers/eventually.ts';
import { postJson, startTestServer, type TestServer } from '../helpers/server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const CONNECTOR = '/api/connector/v1';
const FAST = { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_INITIAL_MS: '20', WEBHOOK_RETRY_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };
const SEED = 'ci-run-42';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * One fixed sequence of requests against a fresh server: a sandbox with `seed` and a frozen clock, then threads,
 * messages, pages and the hotel's side. Resolves with every response body as text, and the webhook requests received.
 */
async function run(server: TestServer, receiver: WebhookReceiver, seed: string | null, path: string): Promise<{ bodies: string[]; webhooks: string[] }> {
  const admin = adminClient(server);
  const { Sandbox } = await ok(admin('sandboxes/add', { EnterpriseCount: 2, ...(seed === null ? {} : { Seed: seed }), WebhookUrl: `${receiver.origin}/${path}` }));
  await ok(admin('clock/set', { SandboxId: Sandbox.Id, NowUtc: '2031-01-02T03:04:05Z', Frozen: true }));
  const single = { ClientToken: Sandbox.ClientToken, AccessToken: Sandbox.Enterprises[0].AccessToken, Client: 'Determinism 1.0' };
  const portfolio = { ...single, AccessToken: Sandbox.PortfolioAccessToken };
  const bodies: string[] = [];
  const call = async (url: string, body: object, status = 200) => {
    const response = await postJson(server.url, url, body);
    expect(response.status, response.text).toBe(status);
    bodies.push(response.text);
    return response.body;
  };
  const received = () => receiver.received.filter((request) => request.path === `/${path}`);

  const first = (await call(ADD_THREAD, { ...single, OriginalSender: 'Ann', Subject: 'Late arrival' })).MessageThreads[0];
  await call(`${CONNECTOR}/messages/add`, { ...single, Messages: [{ MessageThreadId: first.Id, Text: 'Arriving at 23:00', Identifier: 'a' }] });
  // Each webhook request waited for, so that the deliveries batch the same events in both runs.
  await eventually(received, (requests) => requests.length >= 1);
  await ok(admin('clock/advance', { SandboxId: Sandbox.Id, Seconds: 30 }));
  const second = (await call(ADD_THREAD, { ...portfolio, OriginalSender: 'Bob', Subject: 'Parking', EnterpriseId: Sandbox.Enterprises[1].Id })).MessageThreads[0];
  await call(`${CONNECTOR}/messages/add`, {
    ...portfolio,
    Messages: [
      { MessageThreadId: second.Id, Text: 'Is there parking?' },
      { MessageThreadId: first.Id, Text: 'And a late checkout?' },
    ],
  });
  // One webhook request per enterprise: the two messages are in threads of both.
  await eventually(received, (requests) => requests.length >= 3);
  bodies.push(JSON.stringify((await ok(admin('sandboxMessages/add', { MessageThreadId: first.Id, Text: 'Sure' }))).Message));
  await eventually(received, (requests) => requests.length >= 4);
  bodies.push(JSON.stringify((await ok(admin('sandboxThreads/resolve', { MessageThreadId: second.Id }))).MessageThread));
  const page = await call(`${CONNECTOR}/messageThreads/getAll`, { ...portfolio, CreatedUtc: { StartUtc: '2031-01-01T00:00:00Z', EndUtc: '2031-02-01T00:00:00Z' }, Limitation: { Count: 1 } });
  await call(`${CONNECTOR}/messageThreads/getAll`, { ...portfolio, CreatedUtc: { StartUtc: '2031-01-01T00:00:00Z', EndUtc: '2031-02-01T00:00:00Z' }, Limitation: { Count: 1, Cursor: page.Cursor } });
  await call(`${CONNECTOR}/messages/getAll`, { ...portfolio, MessageThreadIds: [first.Id, second.Id], Limitation: { Count: 100 } });
  // The sandbox's tenants (its enterprises and integrations, which webhook bodies name) are made with random ids.
  const events = (body: string) => JSON.stringify(JSON.parse(body).Events);
  return { bodies, webhooks: received().map((request) => `${String(request.headers['webhook-id'])} ${events(request.body)}`) };
}

describe('a sandbox with a seed and a frozen clock', () => {
  let servers: TestServer[] = [];
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    servers = [await startTestServer(FAST), await startTestServer(FAST)];
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await receiver?.close();
  });

  it('answers the same requests with the same bodies, byte for byte, on two fresh servers', async () => {
    const one = await run(servers[0]!, receiver, SEED, 'one');
    const two = await run(servers[1]!, receiver, SEED, 'two');
    expect(two.bodies).toEqual(one.bodies);
    expect(two.webhooks).toEqual(one.webhooks);
    expect(one.webhooks).toHaveLength(4);
    const ids = one.bodies.flatMap((body) => [...body.matchAll(/"Id":"([^"]+)"/g)].map((match) => match[1]!));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  }, 60_000);

  it('draws other ids from another seed, and random ones without a seed', async () => {
    const firstThreadId = async (server: TestServer, seed: string | null, path: string) =>
      JSON.parse((await run(server, receiver, seed, path)).bodies[0]!).MessageThreads[0].Id as string;
    expect(await firstThreadId(servers[0]!, 'seed A', 'three')).not.toBe(await firstThreadId(servers[1]!, 'seed B', 'four'));
    expect(await firstThreadId(servers[0]!, null, 'five')).not.toBe(await firstThreadId(servers[1]!, null, 'six'));
  }, 60_000);

  it('gives a second sandbox with the same seed ids of its own, the same on every server, and starts again on reset', async () => {
    const sandboxWithSeed = async (server: TestServer) => {
      const { Sandbox } = await ok(adminClient(server)('sandboxes/add', { EnterpriseCount: 1, Seed: 'shared seed' }));
      const credentials = { ClientToken: Sandbox.ClientToken, AccessToken: Sandbox.Enterprises[0].AccessToken, Client: 'Determinism 1.0' };
      const add = async () => (await postJson(server.url, ADD_THREAD, { ...credentials, OriginalSender: 'Ann', Subject: 'Hi' })).body.MessageThreads[0].Id as string;
      return { Sandbox, add };
    };
    // On each server, two sandboxes made with the seed, in the same order.
    const [first, second] = [await sandboxWithSeed(servers[0]!), await sandboxWithSeed(servers[0]!)];
    const [otherFirst, otherSecond] = [await sandboxWithSeed(servers[1]!), await sandboxWithSeed(servers[1]!)];
    const ids = { first: [await first.add(), await first.add()], second: [await second.add(), await second.add()] };
    expect(ids.second).not.toEqual(ids.first);
    expect([await otherFirst.add(), await otherFirst.add()]).toEqual(ids.first);
    expect([await otherSecond.add(), await otherSecond.add()]).toEqual(ids.second);

    await ok(adminClient(servers[0]!)('sandboxes/reset', { SandboxId: second.Sandbox.Id }));
    expect([await second.add(), await second.add()]).toEqual(ids.second);
  });
});
