import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { adminClient, createTenant, credentials, expectError, ok, type AdminCall } from '../helpers/admin.ts';
import { createTestDatabase, startTestServer, type TestServer } from '../helpers/server.ts';
import { messageIdsOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { addMessages, addThread } from './webhook-fixtures.ts';

const FAST = { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_INITIAL_MS: '20', WEBHOOK_RETRY_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

describe('webhooks through the admin API', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let admin: AdminCall;

  beforeEach(async () => {
    server = await startTestServer(FAST);
    receiver = await startWebhookReceiver();
    admin = adminClient(server);
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  it('gives a new application a signing secret, shown only on add and on rotation, that signs its webhooks', async () => {
    const tenant = await createTenant(admin);
    const { Application: updated } = await ok(
      admin('applications/update', { ApplicationId: tenant.applicationId, WebhookUrl: `${receiver.origin}/hook?key=abc` }),
    );
    expect(updated).not.toHaveProperty('WebhookSecret');
    const { Applications } = await ok(admin('applications/getAll', {}));
    expect(Applications.every((a: object) => !('WebhookSecret' in a))).toBe(true);

    const { Application: added } = await ok(admin('applications/add', { Name: 'Second app' }));
    expect(added.WebhookSecret).toMatch(SECRET);

    const { Application: rotated } = await ok(admin('applications/update', { ApplicationId: tenant.applicationId, RotateWebhookSecret: true }));
    expect(rotated.WebhookSecret).toMatch(SECRET);
    const { Application: again } = await ok(admin('applications/update', { ApplicationId: tenant.applicationId, RotateWebhookSecret: true }));
    expect(again.WebhookSecret).not.toBe(rotated.WebhookSecret);

    const threadId = await addThread(server, credentials(tenant));
    const [messageId] = await addMessages(server, threadId, 1, credentials(tenant));
    const [request] = await receiver.waitFor(1);
    expect(messageIdsOf(request!)).toEqual([messageId]);
    expect(new Webhook(again.WebhookSecret).verify(request!.body, request!.headers as Record<string, string>)).toMatchObject({
      IntegrationId: tenant.integrationIds[0],
      EnterpriseId: tenant.enterpriseIds[0],
    });
    expect(() => new Webhook(rotated.WebhookSecret).verify(request!.body, request!.headers as Record<string, string>)).toThrow();
  });

  it('gives each sandbox application a secret that rotation reveals', async () => {
    const { Applications } = await ok(admin('applications/getAll', {}));
    const { Application } = await ok(admin('applications/update', { ApplicationId: Applications[0].Id, RotateWebhookSecret: true }));
    expect(Application.WebhookSecret).toMatch(SECRET);
  });

  it('lists deliveries with their attempts, filtered by status and paged, and redelivers one', async () => {
    const tenant = await createTenant(admin);
    await ok(admin('applications/update', { ApplicationId: tenant.applicationId, WebhookUrl: `${receiver.origin}/hook?key=secret-in-query` }));
    receiver.respondWith((_request, index) => ({ status: index === 0 ? 500 : 200 }));
    const threadId = await addThread(server, credentials(tenant));
    const [first] = await addMessages(server, threadId, 1, credentials(tenant));
    await receiver.waitFor(2);
    const [second] = await addMessages(server, threadId, 1, credentials(tenant));
    await receiver.waitFor(3);

    const list = async (body: object) => ok(admin('webhookDeliveries/getAll', { ApplicationId: tenant.applicationId, ...body }));
    let all = await list({ Limitation: { Count: 10 } });
    for (let i = 0; all.WebhookDeliveries.some((d: { Status: string }) => d.Status !== 'Succeeded') && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      all = await list({ Limitation: { Count: 10 } });
    }
    const [newest, oldest] = all.WebhookDeliveries;
    expect(all.WebhookDeliveries).toHaveLength(2);
    expect(newest.Events).toEqual([{ Discriminator: 'MessageAdded', Value: { Id: second } }]);
    expect(oldest).toMatchObject({
      ApplicationId: tenant.applicationId,
      IntegrationId: tenant.integrationIds[0],
      EnterpriseId: tenant.enterpriseIds[0],
      Status: 'Succeeded',
      NextAttemptUtc: null,
      Events: [{ Discriminator: 'MessageAdded', Value: { Id: first } }],
    });
    expect(oldest.Attempts.map((a: { StatusCode: number }) => a.StatusCode)).toEqual([500, 200]);
    expect(oldest.Attempts[0]).toMatchObject({ Url: `${receiver.origin}/hook`, Error: null });
    expect(oldest.Attempts[0].AttemptedUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(JSON.stringify(all)).not.toContain('secret-in-query');
    expect(oldest.Id).toBe(receiver.received[0]!.headers['webhook-id']);
    // What the log shows of the request is what the receiver got: the body byte for byte, and the headers besides the
    // attempt's timestamp and signature, which the receiver verifies against that body.
    const sent = receiver.received[0]!;
    expect(oldest.Body).toBe(sent.body);
    expect(oldest.Headers).toEqual({ 'content-type': sent.headers['content-type'], 'user-agent': sent.headers['user-agent'], 'webhook-id': oldest.Id });
    expect(Number(sent.headers['webhook-timestamp']) * 1000).toBe(Date.parse(oldest.Attempts[0].AttemptedUtc));

    const firstPage = await list({ Limitation: { Count: 1 } });
    expect(firstPage.WebhookDeliveries.map((d: { Id: string }) => d.Id)).toEqual([newest.Id]);
    expect(firstPage.Cursor).toBe(newest.Id);
    const nextPage = await list({ Limitation: { Count: 1, Cursor: firstPage.Cursor } });
    expect(nextPage.WebhookDeliveries.map((d: { Id: string }) => d.Id)).toEqual([oldest.Id]);
    const lastPage = await list({ Limitation: { Count: 1, Cursor: nextPage.Cursor } });
    expect(lastPage).toEqual({ WebhookDeliveries: [], Cursor: null });
    expect((await list({ Limitation: { Count: 10 }, Status: 'Failed' })).WebhookDeliveries).toEqual([]);
    expect((await list({ Limitation: { Count: 10 }, Status: 'Succeeded' })).WebhookDeliveries).toHaveLength(2);

    await ok(admin('webhookDeliveries/redeliver', { DeliveryId: oldest.Id }));
    const [redelivered] = (await receiver.waitFor(4)).slice(3);
    expect(redelivered!.headers['webhook-id']).toBe(oldest.Id);
    expect(messageIdsOf(redelivered!)).toEqual([first]);
  });

  it('answers 400 for unknown identifiers and cursors, and 401 without the admin token', async () => {
    const tenant = await createTenant(admin);
    expectError(
      await admin('webhookDeliveries/getAll', { ApplicationId: crypto.randomUUID(), Limitation: { Count: 10 } }),
      400,
      'Invalid ApplicationId',
    );
    expectError(
      await admin('webhookDeliveries/getAll', { ApplicationId: tenant.applicationId, Limitation: { Count: 10, Cursor: crypto.randomUUID() } }),
      400,
      'Invalid Cursor',
    );
    expectError(
      await admin('webhookDeliveries/getAll', { ApplicationId: tenant.applicationId, Limitation: { Count: 10 }, Status: 'Lost' }),
      400,
      /^Invalid Status/,
    );
    expectError(await admin('webhookDeliveries/redeliver', { DeliveryId: crypto.randomUUID() }), 400, 'Invalid DeliveryId');
    const anonymous = adminClient(server, 'not-the-admin-token');
    expect((await anonymous('webhookDeliveries/getAll', { ApplicationId: tenant.applicationId, Limitation: { Count: 1 } })).status).toBe(401);
    expect((await anonymous('webhookDeliveries/redeliver', { DeliveryId: crypto.randomUUID() })).status).toBe(401);
  });
});

describe('the webhook delivery log over time', () => {
  it('removes deliveries that ended WEBHOOK_RETENTION_DAYS ago, with their attempts, at the next start, and keeps newer ones', async () => {
    const database = await createTestDatabase();
    const receiver = await startWebhookReceiver();
    const env = { ...FAST, ...database.env, WEBHOOK_RETENTION_DAYS: '7' };
    let server = await startTestServer(env);
    try {
      const tenant = await createTenant(adminClient(server));
      await ok(adminClient(server)('applications/update', { ApplicationId: tenant.applicationId, WebhookUrl: `${receiver.origin}/hook` }));
      const threadId = await addThread(server, credentials(tenant));
      await addMessages(server, threadId, 1, credentials(tenant));
      await receiver.waitFor(1);
      await addMessages(server, threadId, 1, credentials(tenant));
      await receiver.waitFor(2);
      const list = async () =>
        (await ok(adminClient(server)('webhookDeliveries/getAll', { ApplicationId: tenant.applicationId, Limitation: { Count: 10 } })))
          .WebhookDeliveries as { Id: string; Status: string }[];
      let deliveries = await list();
      for (let i = 0; deliveries.some((d) => d.Status !== 'Succeeded') && i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        deliveries = await list();
      }
      const [newest, oldest] = deliveries;
      expect(deliveries.map((d) => d.Status)).toEqual(['Succeeded', 'Succeeded']);

      // As if the older one had been sent eight days ago.
      await server.database
        .updateTable('webhook_deliveries')
        .set({ next_attempt_ms: Date.now() - 8 * 86_400_000 })
        .where('id', '=', oldest!.Id)
        .execute();
      await server.close();
      server = await startTestServer(env);

      for (let i = 0; (deliveries = await list()).length > 1 && i < 100; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(deliveries.map((d) => d.Id)).toEqual([newest!.Id]);
      const attempts = await server.database.selectFrom('webhook_attempts').select('delivery_id').execute();
      expect(attempts.map((a) => a.delivery_id)).toEqual([newest!.Id]);
      expectError(await adminClient(server)('webhookDeliveries/redeliver', { DeliveryId: oldest!.Id }), 400, 'Invalid DeliveryId');
    } finally {
      await server.close();
      await receiver.close();
      await database.drop();
    }
  });
});
