import type { MessageThreadAddParameters } from '@connector-messaging/client';
import { updateApplication } from '../../src/domain/applications.ts';
import { integrationIdOf } from '../../src/domain/integrations.ts';
import * as connector from '../helpers/connector.ts';
import { demo, demoApplicationId } from '../helpers/sandbox.ts';
import type { TestServer } from '../helpers/server.ts';

/** The application behind `demo.a`, `demo.b` and `demo.portfolio`. */
export const applicationId = demoApplicationId;
/** Its integrations with enterprise A (`demo.a`'s) and B (`demo.b`'s): what MessageAdded bodies name. */
export const integrationA = integrationIdOf(demo.a.AccessToken);
export const integrationB = integrationIdOf(demo.b.AccessToken);

export async function setWebhookUrl(server: TestServer, url: string | null, id = applicationId): Promise<void> {
  await updateApplication(server.store, { applicationId: id, webhookUrl: url });
}

export async function webhookSecret(server: TestServer, id = applicationId): Promise<string> {
  const application = await server.store.findApplication(id);
  if (!application) throw new Error(`no application ${id}`);
  return application.webhookSecret;
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
