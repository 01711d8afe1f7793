import { updateIntegration } from '../../src/domain/integrations.ts';
import type { MessageThreadAddParameters } from '@connector-messaging/client';
import { SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';
import * as connector from '../helpers/connector.ts';
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

/** A new thread's id; `credentials` defaults to enterprise A of the first demo integration. */
export async function addThread(
  server: connector.ConnectorServer,
  credentials: connector.Credentials = demo.a,
  extra: Partial<MessageThreadAddParameters> = {},
): Promise<string> {
  return (await connector.addThread(server, credentials, { Subject: 'Webhooks', ...extra })).Id;
}

/** Adds `count` messages to a thread with one messages/add request and returns their ids in order. */
export async function addMessages(
  server: connector.ConnectorServer,
  threadId: string,
  count = 1,
  credentials: connector.Credentials = demo.a,
): Promise<string[]> {
  return (await connector.addMessages(server, credentials, connector.messagesFor(threadId, count))).map((message) => message.Id);
}
