import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { webhookDeliveryPolicy } from '../../src/events/webhook-delivery-policy.ts';
import { eventually } from '../helpers/eventually.ts';
import { enterpriseA, enterpriseB, demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { addMessages, addThread, applicationId, integrationA, integrationB, setWebhookUrl, webhookSecret } from './webhook-fixtures.ts';

const FAST = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_INITIAL_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
};

async function attemptsOf(server: TestServer, deliveryId: string) {
  return server.database
    .selectFrom('webhook_attempts')
    .select(['url', 'status_code', 'error'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('seq')
    .execute();
}

async function statusOf(server: TestServer, deliveryId: string) {
  const row = await server.database.selectFrom('webhook_deliveries').select('status').where('id', '=', deliveryId).executeTakeFirstOrThrow();
  return row.status;
}

describe('MessageAdded webhook delivery', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;

  // A server per test, so that one test's retries never reach the next test's receiver.
  beforeEach(async () => {
    server = await startTestServer(FAST);
  });
  afterEach(async () => {
    await server.close();
    await receiver?.close();
  });

  async function freshReceiver(path = '/hook') {
    receiver = await startWebhookReceiver();
    await setWebhookUrl(server, `${receiver.origin}${path}`);
    return receiver;
  }

  it('sends events committed together in one signed request with the exact body and headers', async () => {
    await freshReceiver();
    const threadId = await addThread(server);
    const messageIds = await addMessages(server, threadId, 3);
    const [request] = await receiver.waitFor(1);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    // The integration of enterprise A and the application, as published for the demo token (not the application's id).
    expect(integrationA).toBe('c66ef7b2-39d2-4632-943d-115ede9cb810');
    expect(JSON.parse(request!.body)).toEqual({
      EnterpriseId: enterpriseA,
      IntegrationId: integrationA,
      Events: messageIds.map((id) => ({ Discriminator: 'MessageAdded', Value: { Id: id } })),
    });
    expect(request!.body).toBe(
      JSON.stringify({ EnterpriseId: enterpriseA, IntegrationId: integrationA, Events: messageIds.map((id) => ({ Discriminator: 'MessageAdded', Value: { Id: id } })) }),
    );
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // The receiver's side: the off-the-shelf Standard Webhooks library accepts it with the integration's secret...
    const secret = await webhookSecret(server);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(request!.body, headers)).toEqual(JSON.parse(request!.body));
    // ...and refuses it with another secret or a changed body.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request!.body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(request!.body.replace(enterpriseA, enterpriseB), headers)).toThrow();
  });

  it('sends a portfolio token\'s messages in one request per enterprise, each naming its enterprise and that enterprise\'s integration', async () => {
    await freshReceiver();
    const inA = await addThread(server, demo.portfolio, { EnterpriseId: enterpriseA });
    const inB = await addThread(server, demo.portfolio, { EnterpriseId: enterpriseB });
    const [a] = await addMessages(server, inA, 1, demo.portfolio);
    const [b] = await addMessages(server, inB, 1, demo.portfolio);
    const requests = await receiver.waitFor(2);
    const byEnterprise = Object.fromEntries(requests.map((r) => [JSON.parse(r.body).EnterpriseId, messageIdsOf(r)]));
    expect(byEnterprise).toEqual({ [enterpriseA]: [a], [enterpriseB]: [b] });
    const integrations = Object.fromEntries(requests.map((r) => [JSON.parse(r.body).EnterpriseId, JSON.parse(r.body).IntegrationId]));
    expect(integrations).toEqual({ [enterpriseA]: integrationA, [enterpriseB]: integrationB });
  });

  it('retries a 500 with the same webhook-id and body, and logs both attempts', async () => {
    await freshReceiver();
    receiver.respondWith((_request, index) => ({ status: index === 0 ? 500 : 204 }));
    const [messageId] = await addMessages(server, await addThread(server));
    const [first, second] = await receiver.waitFor(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(messageIdsOf(second!)).toEqual([messageId]);
    const deliveryId = String(first!.headers['webhook-id']);
    await eventually(() => statusOf(server, deliveryId), (status) => status === 'Succeeded');
    expect((await attemptsOf(server, deliveryId)).map((a) => a.status_code)).toEqual([500, 204]);
  });

  it('treats a receiver slower than WEBHOOK_TIMEOUT_MS as a failure and retries', async () => {
    await freshReceiver();
    receiver.respondWith((_request, index) => ({ status: 200, delayMs: index === 0 ? 3000 : 0 }));
    await addMessages(server, await addThread(server));
    const [first] = await receiver.waitFor(2);
    const deliveryId = String(first!.headers['webhook-id']);
    await eventually(() => statusOf(server, deliveryId), (status) => status === 'Succeeded');
    const attempts = await attemptsOf(server, deliveryId);
    expect(attempts[0]).toMatchObject({ status_code: null, error: 'no answer within 1000 ms' });
    expect(attempts.at(-1)).toMatchObject({ status_code: 200, error: null });
  });

  it('follows 307 and 308 with the same method, body and signature', async () => {
    await freshReceiver('/start');
    receiver.respondWith((request) =>
      request.path === '/start'
        ? { status: 307, headers: { location: '/middle' } }
        : request.path === '/middle'
          ? { status: 308, headers: { location: `${receiver.origin}/end` } }
          : { status: 200 },
    );
    await addMessages(server, await addThread(server));
    const requests = await receiver.waitFor(3);
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/start'],
      ['POST', '/middle'],
      ['POST', '/end'],
    ]);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(new Set(requests.map((r) => r.headers['webhook-signature'])).size).toBe(1);
    const deliveryId = String(requests[0]!.headers['webhook-id']);
    await eventually(() => statusOf(server, deliveryId), (status) => status === 'Succeeded');
    expect(await attemptsOf(server, deliveryId)).toEqual([{ url: `${receiver.origin}/end`, status_code: 200, error: null }]);
  });

  it('does not follow more than 5 redirects', async () => {
    await freshReceiver('/loop');
    receiver.respondWith((request) => (request.path.startsWith('/loop') ? { status: 307, headers: { location: '/loop' } } : { status: 200 }));
    await addMessages(server, await addThread(server));
    const requests = await receiver.waitFor(6);
    const deliveryId = String(requests[0]!.headers['webhook-id']);
    const [attempt] = await eventually(() => attemptsOf(server, deliveryId), (a) => a.length > 0);
    expect(attempt).toMatchObject({ status_code: 307, error: 'more than 5 redirects' });
  });

  it('does not follow a 302', async () => {
    await freshReceiver('/found');
    receiver.respondWith((request) => (request.path === '/found' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }));
    await addMessages(server, await addThread(server));
    const [found] = await receiver.waitFor(1);
    expect(found!.path).toBe('/found');
    const [foundAttempt] = await eventually(() => attemptsOf(server, String(found!.headers['webhook-id'])), (a) => a.length > 0);
    expect(foundAttempt).toMatchObject({ status_code: 302 });
    expect(receiver.received.some((r) => r.path === '/elsewhere')).toBe(false);
  });

  it('delivers once a receiver that was down comes up', async () => {
    const probe = await startWebhookReceiver();
    const port = probe.port;
    await probe.close();
    await setWebhookUrl(server, `http://127.0.0.1:${port}/hook`);
    const [messageId] = await addMessages(server, await addThread(server));
    const deliveryId = await eventually(
      () => server.database.selectFrom('webhook_attempts').select('delivery_id').where('error', 'like', '%ECONNREFUSED%').executeTakeFirst(),
      (row) => row !== undefined,
    );
    receiver = await startWebhookReceiver(port);
    const [request] = await receiver.waitFor(1);
    expect(messageIdsOf(request!)).toEqual([messageId]);
    expect(request!.headers['webhook-id']).toBe(deliveryId!.delivery_id);
  });

  it('keeps the URL\'s query string out of the delivery log but sends it', async () => {
    await freshReceiver('/hook?token=s3cret-in-url');
    await addMessages(server, await addThread(server));
    const [request] = await receiver.waitFor(1);
    expect(request!.path).toBe('/hook?token=s3cret-in-url');
    const attempts = await eventually(() => attemptsOf(server, String(request!.headers['webhook-id'])), (a) => a.length > 0);
    expect(attempts[0]!.url).toBe(`${receiver.origin}/hook`);
  });

  it('records no event for a messages/add that is refused, all or nothing', async () => {
    await freshReceiver();
    const threadId = await addThread(server);
    const refused = await server.post('/api/connector/v1/messages/add', {
      ...demo.a,
      Messages: [
        { MessageThreadId: threadId, Text: 'stored only if all are valid' },
        { MessageThreadId: crypto.randomUUID(), Text: 'not a thread of this integration' },
      ],
    });
    expect(refused.status).toBe(400);
    const [after] = await addMessages(server, threadId);
    const [request] = await receiver.waitFor(1);
    expect(messageIdsOf(request!)).toEqual([after]);
  });

  it('records no event when the transaction that inserts messages is rolled back', async () => {
    await freshReceiver();
    const threadId = await addThread(server);
    await expect(
      server.store.write(async (writer) => {
        const threads = await writer.findMessageThreadsById({ enterpriseIds: [enterpriseA] }, [threadId]);
        await writer.insertMessages([{ id: crypto.randomUUID(), messageThreadId: threadId, text: 'x', sender: 'Application', createdUtc: 1, author: null }], threads);
        throw new Error('aborted');
      }),
    ).rejects.toThrow('aborted');
    expect(await server.database.selectFrom('webhook_events').select('message_id').execute()).toEqual([]);
  });

  it('delivers in creation order, newer events waiting behind a retry', async () => {
    // A failing delivery holds newer ones back for at most WEBHOOK_RETRY_MAX_MS: long enough here for its retry.
    await server.close();
    server = await startTestServer({ ...FAST, WEBHOOK_RETRY_MAX_MS: '20000' });
    await freshReceiver();
    receiver.respondWith((_request, index) => ({ status: index === 0 ? 503 : 200 }));
    const threadId = await addThread(server);
    const first = await addMessages(server, threadId, 2);
    await receiver.waitFor(1);
    const later = [...(await addMessages(server, threadId)), ...(await addMessages(server, threadId))];
    await eventually(async () => receiver.received.flatMap(messageIdsOf), (ids) => ids.length >= 6);
    const delivered = receiver.received.slice(1).flatMap(messageIdsOf);
    expect(delivered).toEqual([...first, ...later]);
  });

  it('does not let a delivery that keeps failing hold newer events back for longer than WEBHOOK_RETRY_MAX_MS', async () => {
    await freshReceiver();
    const threadId = await addThread(server);
    const [poisoned] = await addMessages(server, threadId);
    receiver.respondWith((request) => ({ status: messageIdsOf(request).includes(poisoned!) ? 500 : 200 }));
    await receiver.waitFor(1);
    const [newer] = await addMessages(server, threadId);
    await eventually(async () => receiver.received.flatMap(messageIdsOf), (ids) => ids.includes(newer!));
    const stuck = String(receiver.received[0]!.headers['webhook-id']);
    expect(await statusOf(server, stuck)).toBe('Pending');
  });

  it('leaves a delivery taken over after its lease ran out to the new holder: the old one neither renews nor records over it', async () => {
    // The attempt lasts until the receiver closes, renewing its lease meanwhile.
    await server.close();
    server = await startTestServer({ ...FAST, WEBHOOK_TIMEOUT_MS: '600000' });
    await freshReceiver();
    receiver.respondWith(() => ({ status: 200, delayMs: 600_000 }));
    await addMessages(server, await addThread(server));
    await receiver.waitFor(1);
    const held = await server.database.selectFrom('webhook_deliveries').select(['id', 'lease_token']).executeTakeFirstOrThrow();
    // As if the holder had stalled past its lease and another process had claimed the delivery.
    await server.database.updateTable('webhook_deliveries').set({ lease_until_ms: 0 }).where('id', '=', held.id).execute();
    const policy = webhookDeliveryPolicy({ retry: { initialMs: 20, maxMs: 100 }, giveUpAfterMs: 60_000, holdBackMs: 100 });
    const taken = await server.store.claimWebhookDelivery({ applicationId, kind: 'MessageAdded' }, { nowMs: Date.now(), leaseMs: 600_000, policy });
    expect(taken?.id).toBe(held.id);

    const old = { id: held.id, leaseToken: held.lease_token! };
    expect(await server.store.renewWebhookLease(old, Date.now(), Date.now() + 600_000)).toBe(false);
    await receiver.close();
    await eventually(async () => (await attemptsOf(server, held.id)).length, (count) => count === 1);
    const row = await server.database
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempt_count', 'lease_token'])
      .where('id', '=', held.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'Pending', attempt_count: 0, lease_token: taken!.leaseToken });
    expect(await server.store.renewWebhookLease(taken!, Date.now(), Date.now() + 600_000)).toBe(true);
  });

  it('gives up after WEBHOOK_GIVE_UP_AFTER_MS, keeps the delivery as failed, and sends it again on redelivery', async () => {
    await server.close();
    server = await startTestServer({ ...FAST, WEBHOOK_GIVE_UP_AFTER_MS: '300' });
    await freshReceiver();
    receiver.respondWith(() => ({ status: 500 }));
    const [messageId] = await addMessages(server, await addThread(server));
    const [first] = await receiver.waitFor(1);
    const deliveryId = String(first!.headers['webhook-id']);
    await eventually(() => statusOf(server, deliveryId), (status) => status === 'Failed');
    const attempts = await attemptsOf(server, deliveryId);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a.status_code === 500)).toBe(true);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^webhook_deliveries_total\{kind="MessageAdded",outcome="failed"\} 1$/m);
    expect(metrics).toMatch(/^webhook_deliveries_total\{kind="MessageAdded",outcome="retrying"\} \d+$/m);

    const sentBefore = receiver.received.length;
    receiver.respondWith(() => ({ status: 200 }));
    expect(await server.store.redeliverWebhook(deliveryId, Date.now())).toBe(true);
    const [again] = (await receiver.waitFor(sentBefore + 1)).slice(sentBefore);
    expect(again!.headers['webhook-id']).toBe(deliveryId);
    expect(messageIdsOf(again!)).toEqual([messageId]);
    await eventually(() => statusOf(server, deliveryId), (status) => status === 'Succeeded');
    expect(await server.store.redeliverWebhook(crypto.randomUUID(), Date.now())).toBe(false);
  });

  it('reports queue depth and delivery latency in /metrics', async () => {
    await freshReceiver();
    await addMessages(server, await addThread(server), 2);
    await receiver.waitFor(1);
    const metrics = await eventually(
      () => fetch(`${server.url}/metrics`).then((r) => r.text()),
      (text) => /^webhook_delivery_latency_seconds_count\{kind="MessageAdded"\} 2$/m.test(text),
    );
    expect(metrics).toMatch(/^webhook_queue_depth\{kind="MessageAdded"\} 0$/m);
    expect(metrics).toMatch(/^webhook_deliveries_total\{kind="MessageAdded",outcome="succeeded"\} 1$/m);

    receiver.respondWith(() => ({ status: 500 }));
    await addMessages(server, await addThread(server), 3);
    const waiting = await eventually(
      () => fetch(`${server.url}/metrics`).then((r) => r.text()),
      (text) => /^webhook_queue_depth\{kind="MessageAdded"\} 3$/m.test(text),
    );
    expect(waiting).toMatch(/^webhook_queue_depth\{kind="MessageAdded"\} 3$/m);
  });

  it('sends nothing for an integration without a webhook URL', async () => {
    const threadId = await addThread(server);
    await addMessages(server, threadId, 2);
    const events = await server.database.selectFrom('webhook_events').select('message_id').execute();
    expect(events).toEqual([]);
  });
});

describe('private addresses', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    server = await startTestServer({ ...FAST, WEBHOOK_ALLOW_PRIVATE: 'false' });
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
    it(`refuses a receiver at ${host} when WEBHOOK_ALLOW_PRIVATE is false`, async () => {
      await setWebhookUrl(server, `http://${host}:${receiver.port}/hook`);
      await addMessages(server, await addThread(server));
      const attempt = await eventually(
        () => server.database.selectFrom('webhook_attempts').select(['status_code', 'error']).executeTakeFirst(),
        (row) => row !== undefined,
      );
      expect(attempt).toMatchObject({ status_code: null, error: expect.stringMatching(/private or loopback address/) });
      expect(receiver.received).toEqual([]);
    });
  }
});
