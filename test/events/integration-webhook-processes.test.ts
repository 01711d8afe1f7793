import { afterEach, describe, expect, it } from 'vitest';
import { adminClient, ok } from '../helpers/admin.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const actionOf = (request: ReceivedWebhook) => (JSON.parse(request.body) as { Action: string }).Action;
const integrationOf = (request: ReceivedWebhook) => (JSON.parse(request.body) as { Data: { Integration: { Id: string } } }).Data.Integration.Id;

describe('integration webhooks across server processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(): Promise<Record<string, string>> {
    const created = await createTestDatabase();
    cleanups.push(() => created.drop());
    return created.env;
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
  /** An application with its IntegrationWebhookUrl, and an enterprise to connect it with. */
  async function tenant(target: SpawnedServer, url: string): Promise<{ applicationId: string; enterpriseId: string }> {
    const admin = adminClient(target);
    const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Hotel' }));
    const { Application } = await ok(admin('applications/add', { Name: 'App', IntegrationWebhookUrl: url }));
    return { applicationId: Application.Id, enterpriseId: Enterprise.Id };
  }

  it('shares the work of two processes on one database: every change sent once, in creation order, never two at once', async () => {
    const settings = { ...(await database()), WEBHOOK_POLL_INTERVAL_MS: '50' };
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
    const { applicationId, enterpriseId } = await tenant(one!, `${hook.origin}/hook`);
    const { Integration } = await ok(adminClient(one!)('integrations/add', { ApplicationId: applicationId, EnterpriseId: enterpriseId }));

    // One change after the other, through either process in turn.
    const expected = ['IntegrationCreated'];
    for (let round = 0; round < 10; round++) {
      for (const [target, IsEnabled] of [[one!, false], [two!, true]] as const) {
        await ok(adminClient(target)('integrations/update', { IntegrationId: Integration.Id, IsEnabled }));
        expected.push(IsEnabled ? 'IntegrationEnabled' : 'IntegrationDisabled');
      }
    }
    const received = await hook.waitFor(expected.length, 60_000);
    // Requests keep arriving after the last needed one only if something was sent twice; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(hook.received.map(actionOf)).toEqual(expected);
    expect(received.every((request) => integrationOf(request) === Integration.Id)).toBe(true);
    expect(new Set(hook.received.map((request) => request.headers['webhook-id'])).size).toBe(expected.length);
    expect(mostInFlight).toBe(1);
    const succeeded = await Promise.all(
      [one!, two!].map(async (target) => {
        const metrics = await fetch(new URL('/metrics', target.url)).then((r) => r.text());
        return Number(/^webhook_deliveries_total\{kind="Integration",outcome="succeeded"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
      }),
    );
    expect(succeeded[0]! + succeeded[1]!).toBe(expected.length);
  }, 180_000);

  it('resumes in another process the integration webhook of a process killed with SIGKILL mid-attempt, then the newer ones', async () => {
    const settings = { ...(await database()), WEBHOOK_POLL_INTERVAL_MS: '50' };
    const hook = await receiver();
    // The first request's answer is slow: the first process holds the delivery's lease when it is killed.
    hook.respondWith((_request, index) => (index === 0 ? { status: 200, delayMs: 600_000 } : { status: 200 }));
    const first = await server(settings);
    const { applicationId, enterpriseId } = await tenant(first, `${hook.origin}/hook`);
    const { Integration } = await ok(adminClient(first)('integrations/add', { ApplicationId: applicationId, EnterpriseId: enterpriseId }));
    const [cutOff] = await hook.waitFor(1, 15_000);
    const second = await server(settings);
    await first.stop('SIGKILL');
    await ok(adminClient(second)('integrations/cancel', { IntegrationId: Integration.Id }));

    const resumed = (await hook.waitFor(3, 30_000)).slice(1);
    expect(resumed.map(actionOf)).toEqual(['IntegrationCreated', 'IntegrationCanceled']);
    expect(resumed[0]!.headers['webhook-id']).toBe(cutOff!.headers['webhook-id']);
    expect(resumed[0]!.body).toBe(cutOff!.body);
    const log = await eventually(
      async () =>
        (await ok(adminClient(second)('webhookDeliveries/getAll', { ApplicationId: applicationId, Limitation: { Count: 10 } })))
          .WebhookDeliveries as { Action: string; Status: string }[],
      (deliveries) => deliveries.every((delivery) => delivery.Status === 'Succeeded'),
    );
    expect(log.map((delivery) => delivery.Action)).toEqual(['IntegrationCanceled', 'IntegrationCreated']);
  }, 120_000);
});
