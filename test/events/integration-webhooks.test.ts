import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, ok, type AdminCall } from '../helpers/admin.ts';
import * as connector from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { demoApplicationId } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const FAST = {
  WEBHOOK_POLL_INTERVAL_MS: '20',
  WEBHOOK_RETRY_INITIAL_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
};

interface Application {
  readonly Id: string;
  readonly Name: string;
  readonly ClientToken: string;
  readonly WebhookSecret: string;
}

const actionOf = (request: ReceivedWebhook) => (JSON.parse(request.body) as { Action: string }).Action;
const whole = (utc: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(utc);

describe('integration webhooks', () => {
  let server: TestServer;
  let admin: AdminCall;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    server = await startTestServer(FAST);
    admin = adminClient(server);
  });
  afterAll(() => server.close());
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }
  async function enterprise(Name = 'Sample Hotel'): Promise<{ Id: string; Name: string }> {
    return (await ok(admin('enterprises/add', { Name }))).Enterprise;
  }
  async function application(body: Record<string, unknown> = {}): Promise<Application> {
    return (await ok(admin('applications/add', { Name: 'WebhookTEST', ...body }))).Application;
  }
  async function deliveries(applicationId: string) {
    return (await ok(admin('webhookDeliveries/getAll', { ApplicationId: applicationId, Limitation: { Count: 100 } }))).WebhookDeliveries as {
      Id: string;
      Kind: string;
      Action: string | null;
      Status: string;
      IntegrationId: string;
      EnterpriseId: string;
      Events: unknown[];
      Body: string;
      Attempts: { Url: string; StatusCode: number | null }[];
    }[];
  }

  it('sends each change of an integration as one signed request with the exact body, in order, and logs it', async () => {
    const hook = await receiver();
    const hotel = await enterprise();
    const app = await application({ IntegrationWebhookUrl: `${hook.origin}/integrations?key=shared-secret` });
    const { Integration: added } = await ok(
      admin('integrations/add', { ApplicationId: app.Id, EnterpriseId: hotel.Id, Requestor: { Name: 'Jane Doe', Email: 'Jane@Example.com' } }),
    );
    const IntegrationId = added.Id;
    const change = (operation: string, body: object = {}) => ok(admin(`integrations/${operation}`, { IntegrationId, ...body }));
    await change('update', { IsEnabled: false });
    await change('update', { IsEnabled: false }); // already disabled: no event
    await change('update', { IsEnabled: true });
    await change('cancel');
    await change('cancel'); // already canceled: no event
    await change('reinstate');
    await change('reinstate'); // not canceled: no event
    const { Integration: regenerated } = await change('regenerateAccessToken');
    await change('remove');

    const requests = await hook.waitFor(7);
    const reference = { Id: IntegrationId, Name: 'WebhookTEST' };
    const deleted = JSON.parse(requests[6]!.body).Data.DeletedUtc as string;
    expect(whole(deleted)).toBe(true);
    const expected = [
      {
        Action: 'IntegrationCreated',
        Data: {
          Enterprise: { Id: hotel.Id, Name: 'Sample Hotel' },
          Service: null,
          Requestor: { Name: 'Jane Doe', Email: 'jane@example.com' },
          AccessToken: added.AccessToken,
          CreatedUtc: added.CreatedUtc,
          IsEnabled: true,
          Integration: reference,
        },
      },
      { Action: 'IntegrationDisabled', Data: { Integration: reference } },
      { Action: 'IntegrationEnabled', Data: { Integration: reference } },
      { Action: 'IntegrationCanceled', Data: { Integration: reference } },
      { Action: 'IntegrationReinstated', Data: { Integration: reference } },
      { Action: 'IntegrationApiKeyCreated', Data: { Integration: reference, ApiKey: regenerated.AccessToken } },
      { Action: 'IntegrationDeleted', Data: { Integration: reference, DeletedUtc: deleted } },
    ];
    // The bodies exactly, property order included, and nothing for the three that changed nothing.
    expect(requests.map((request) => request.body)).toEqual(expected.map((body) => JSON.stringify(body)));
    expect(regenerated.AccessToken).not.toBe(added.AccessToken);
    expect(added.CreatedUtc).toMatch(/Z$/);

    const verifier = new Webhook(app.WebhookSecret);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/integrations?key=shared-secret');
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifier.verify(request.body, request.headers as Record<string, string>)).toEqual(JSON.parse(request.body));
    }
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(7);

    const log = await eventually(() => deliveries(app.Id), (list) => list.length === 7 && list.every((d) => d.Status === 'Succeeded'));
    expect(log.map((delivery) => delivery.Action)).toEqual(expected.map((body) => body.Action).reverse());
    expect(log.map((delivery) => delivery.Id)).toEqual(requests.map((request) => request.headers['webhook-id']).reverse());
    expect(log.map((delivery) => delivery.Body)).toEqual(requests.map((request) => request.body).reverse());
    for (const delivery of log) {
      expect(delivery).toMatchObject({ Kind: 'Integration', IntegrationId, EnterpriseId: hotel.Id, Events: [] });
      expect(delivery.Attempts).toEqual([expect.objectContaining({ Url: `${hook.origin}/integrations`, StatusCode: 200 })]);
    }
    const metrics = await eventually(
      () => fetch(`${server.url}/metrics`).then((r) => r.text()),
      (text) => /^webhook_delivery_latency_seconds_count\{kind="Integration"\} 7$/m.test(text),
    );
    expect(metrics).toMatch(/^webhook_deliveries_total\{kind="Integration",outcome="succeeded"\} 7$/m);
    expect(metrics).toMatch(/^webhook_queue_depth\{kind="Integration"\} 0$/m);
  });

  it('retries a failed integration webhook with the same webhook-id and body, logs every attempt, and redelivers it', async () => {
    const hook = await receiver();
    let failing = true;
    hook.respondWith(() => ({ status: failing ? 503 : 200 }));
    const app = await application({ IntegrationWebhookUrl: `${hook.origin}/hook` });
    const { Integration: added } = await ok(admin('integrations/add', { ApplicationId: app.Id, EnterpriseId: (await enterprise()).Id }));
    const [first, retry] = await hook.waitFor(2);
    expect(retry!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(retry!.body).toBe(first!.body);
    expect(actionOf(first!)).toBe('IntegrationCreated');
    await eventually(
      () => fetch(`${server.url}/metrics`).then((r) => r.text()),
      (text) => /^webhook_queue_depth\{kind="Integration"\} 1$/m.test(text) && /^webhook_deliveries_total\{kind="Integration",outcome="retrying"\} \d+$/m.test(text),
    );

    // The body was fixed by the change: a token regenerated meanwhile does not alter it.
    const { Integration: regenerated } = await ok(admin('integrations/regenerateAccessToken', { IntegrationId: added.Id }));
    failing = false;
    const log = await eventually(() => deliveries(app.Id), (list) => list.length === 2 && list.every((d) => d.Status === 'Succeeded'));
    const bodies = hook.received.map((request) => JSON.parse(request.body));
    expect(bodies.filter((body) => body.Action === 'IntegrationCreated').every((body) => body.Data.AccessToken === added.AccessToken)).toBe(true);
    expect(bodies.filter((body) => body.Action === 'IntegrationApiKeyCreated').map((body) => body.Data.ApiKey)).toEqual([regenerated.AccessToken]);
    const created = log.find((delivery) => delivery.Action === 'IntegrationCreated')!;
    expect(created.Id).toBe(first!.headers['webhook-id']);
    const statuses = created.Attempts.map((attempt) => attempt.StatusCode);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);

    const sentBefore = hook.received.length;
    await ok(admin('webhookDeliveries/redeliver', { DeliveryId: created.Id }));
    const [again] = (await hook.waitFor(sentBefore + 1)).slice(sentBefore);
    expect(again!.headers['webhook-id']).toBe(created.Id);
    expect(again!.body).toBe(first!.body);
    expect(new Webhook(app.WebhookSecret).verify(again!.body, again!.headers as Record<string, string>)).toBeTruthy();
    await eventually(
      () => deliveries(app.Id),
      (list) => list.find((d) => d.Id === created.Id)?.Attempts.length === statuses.length + 1 && list.every((d) => d.Status === 'Succeeded'),
    );
  });

  it('records nothing without an IntegrationWebhookUrl: setting one later sends only what changes from then on', async () => {
    const hook = await receiver();
    const app = await application();
    const { Integration } = await ok(admin('integrations/add', { ApplicationId: app.Id, EnterpriseId: (await enterprise()).Id }));
    await ok(admin('integrations/update', { IntegrationId: Integration.Id, IsEnabled: false }));
    expect(await deliveries(app.Id)).toEqual([]);

    await ok(admin('applications/update', { ApplicationId: app.Id, IntegrationWebhookUrl: `${hook.origin}/hook` }));
    // A change that is refused records nothing either.
    const again = await admin('integrations/add', { ApplicationId: app.Id, EnterpriseId: Integration.EnterpriseId });
    expect(again.status).toBe(400);
    await ok(admin('integrations/cancel', { IntegrationId: Integration.Id }));
    // The queue sends in creation order: anything recorded before would have come first.
    const [request] = await hook.waitFor(1);
    expect(actionOf(request!)).toBe('IntegrationCanceled');
    expect((await deliveries(app.Id)).map((delivery) => delivery.Action)).toEqual(['IntegrationCanceled']);
  });

  it('fires nothing for the seeded demo integrations, only for what changes them afterwards', async () => {
    const hook = await receiver();
    await ok(admin('applications/update', { ApplicationId: demoApplicationId, IntegrationWebhookUrl: `${hook.origin}/hook` }));
    const { Integrations } = await ok(admin('integrations/getAll', { ApplicationId: demoApplicationId }));
    const demoIntegration = Integrations[1].Id as string;
    await ok(admin('integrations/update', { IntegrationId: demoIntegration, IsEnabled: false }));
    await ok(admin('integrations/update', { IntegrationId: demoIntegration, IsEnabled: true }));
    const requests = await hook.waitFor(2);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { Action: 'IntegrationDisabled', Data: { Integration: { Id: demoIntegration, Name: 'Are you ready to integrate with Mews?' } } },
      { Action: 'IntegrationEnabled', Data: { Integration: { Id: demoIntegration, Name: 'Are you ready to integrate with Mews?' } } },
    ]);
    const log = await deliveries(demoApplicationId);
    expect(log.filter((delivery) => delivery.Kind === 'Integration')).toHaveLength(2);
    await ok(admin('applications/update', { ApplicationId: demoApplicationId, IntegrationWebhookUrl: null }));
  });

  it('gives up what waits when the IntegrationWebhookUrl is removed, and sends nothing of it once one is set again', async () => {
    const failing = await receiver();
    failing.respondWith(() => ({ status: 500 }));
    const app = await application({ IntegrationWebhookUrl: `${failing.origin}/hook` });
    const hotel = await enterprise();
    const { Integration } = await ok(admin('integrations/add', { ApplicationId: app.Id, EnterpriseId: hotel.Id }));
    await failing.waitFor(1);
    await ok(admin('applications/update', { ApplicationId: app.Id, IntegrationWebhookUrl: null }));
    const [abandoned] = await eventually(() => deliveries(app.Id), (list) => list[0]?.Status === 'Failed');
    expect(abandoned!.Action).toBe('IntegrationCreated');

    const working = await receiver();
    await ok(admin('applications/update', { ApplicationId: app.Id, IntegrationWebhookUrl: `${working.origin}/hook` }));
    await ok(admin('integrations/update', { IntegrationId: Integration.Id, IsEnabled: false }));
    const [request] = await working.waitFor(1);
    expect(actionOf(request!)).toBe('IntegrationDisabled');
    const log = await eventually(() => deliveries(app.Id), (list) => list[0]?.Status === 'Succeeded');
    expect(log.map((delivery) => [delivery.Action, delivery.Status])).toEqual([
      ['IntegrationDisabled', 'Succeeded'],
      ['IntegrationCreated', 'Failed'],
    ]);
  });

  it('sends integration webhooks while the application\'s MessageAdded request is still unanswered, and the other way round', async () => {
    // A receiver that answers nothing within the test: the request stays in flight, its delivery pending, unattempted.
    const stalled = await receiver();
    stalled.respondWith(() => ({ status: 200, delayMs: 600_000 }));
    const answering = await receiver();
    const slowServer = await startTestServer({ ...FAST, WEBHOOK_TIMEOUT_MS: '120000' });
    try {
      const slowAdmin = adminClient(slowServer);
      const hotel = (await ok(slowAdmin('enterprises/add', { Name: 'Hotel' }))).Enterprise;
      const both = async (WebhookUrl: string, IntegrationWebhookUrl: string) => {
        const { Application: app } = await ok(slowAdmin('applications/add', { Name: 'App', WebhookUrl, IntegrationWebhookUrl }));
        return app as Application;
      };
      const list = async (applicationId: string) =>
        (await ok(slowAdmin('webhookDeliveries/getAll', { ApplicationId: applicationId, Limitation: { Count: 10 } }))).WebhookDeliveries as {
          Kind: string;
          Status: string;
          Attempts: unknown[];
        }[];

      // MessageAdded stalls; the integration webhooks of the same application still go out.
      const one = await both(`${stalled.origin}/messages`, `${answering.origin}/integrations`);
      const { Integration } = await ok(slowAdmin('integrations/add', { ApplicationId: one.Id, EnterpriseId: hotel.Id }));
      await answering.waitFor(1);
      const credentials = { ClientToken: one.ClientToken, AccessToken: Integration.AccessToken, Client: 'Test 1.0' };
      const thread = await connector.addThread(slowServer, credentials, { Subject: 'Hello' });
      await connector.addMessages(slowServer, credentials, connector.messagesFor(thread.Id, 1));
      await stalled.waitFor(1);
      await ok(slowAdmin('integrations/update', { IntegrationId: Integration.Id, IsEnabled: false }));
      await ok(slowAdmin('integrations/update', { IntegrationId: Integration.Id, IsEnabled: true }));
      const sent = await answering.waitFor(3);
      expect(sent.map(actionOf)).toEqual(['IntegrationCreated', 'IntegrationDisabled', 'IntegrationEnabled']);
      expect((await list(one.Id)).find((delivery) => delivery.Kind === 'MessageAdded')).toMatchObject({ Status: 'Pending', Attempts: [] });

      // The integration webhook stalls; MessageAdded requests of the same application still go out.
      const two = await both(`${answering.origin}/messages`, `${stalled.origin}/integrations`);
      const { Integration: second } = await ok(slowAdmin('integrations/add', { ApplicationId: two.Id, EnterpriseId: hotel.Id }));
      await stalled.waitFor(2);
      const secondCredentials = { ClientToken: two.ClientToken, AccessToken: second.AccessToken, Client: 'Test 1.0' };
      const secondThread = await connector.addThread(slowServer, secondCredentials, { Subject: 'Hello' });
      await connector.addMessages(slowServer, secondCredentials, connector.messagesFor(secondThread.Id, 1));
      await connector.addMessages(slowServer, secondCredentials, connector.messagesFor(secondThread.Id, 1));
      const messageAdded = (await answering.waitFor(5)).slice(3);
      expect(messageAdded.map((request) => JSON.parse(request.body).IntegrationId)).toEqual([second.Id, second.Id]);
      expect((await list(two.Id)).find((delivery) => delivery.Kind === 'Integration')).toMatchObject({ Status: 'Pending', Attempts: [] });
    } finally {
      // Cut the stalled requests off first: a server stops once the requests it has in flight are answered.
      await stalled.close();
      await slowServer.close();
    }
  });
});
