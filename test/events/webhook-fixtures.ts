import { updateIntegration } from '../../src/domain/integrations.ts';
import { SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';
import { demo } from '../helpers/sandbox.ts';
import type { TestServer } from '../helpers/server.ts';

/** The integration behind `demo.a`, `demo.b` and `demo.portfolio`. */
export const integrationId = SANDBOX_INTEGRATIONS[0].id;

export async function setWebhookUrl(server: TestServer, url: string | null, id = integrationId): Promise<void> {
  await updateIntegration(server.store, { integrationId: id, webhookUrl: url });
}

export async function webhookSecret(server: TestServer, id = integrationId): Promise<string> {
  const integration = await server.store.findIntegration(id);
  if (!integration) throw new Error(`no integration ${id}`);
  return integration.webhookSecret;
}

/** A new thread through the Connector API; `credentials` defaults to enterprise A of the first demo integration. */
export async function addThread(server: TestServer, credentials: object = demo.a, extra: object = {}): Promise<string> {
  const response = await server.post('/api/connector/v1/messageThreads/add', {
    ...credentials,
    OriginalSender: 'Guest',
    Subject: 'Webhooks',
    ...extra,
  });
  if (response.status !== 200) throw new Error(`messageThreads/add answered ${response.status}`);
  return response.body.MessageThreads[0].Id as string;
}

/** Adds `count` messages to a thread with one messages/add request and returns their ids in order. */
export async function addMessages(server: TestServer, threadId: string, count = 1, credentials: object = demo.a): Promise<string[]> {
  const response = await server.post('/api/connector/v1/messages/add', {
    ...credentials,
    Messages: Array.from({ length: count }, (_, i) => ({ MessageThreadId: threadId, Text: `Message ${i}`, Identifier: String(i) })),
  });
  if (response.status !== 200) throw new Error(`messages/add answered ${response.status}: ${response.text}`);
  return (response.body.Messages as { Message: { Id: string } }[]).map((result) => result.Message.Id);
}
