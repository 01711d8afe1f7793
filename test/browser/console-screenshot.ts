// Takes docs/console.png and docs/console-phone.png from the running console over a fresh sandbox database: a
// sandbox with a webhook receiver whose first delivery failed and was redelivered, and a conversation to reply in:
//   npx tsx test/browser/console-screenshot.ts
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ConnectorClient } from '@connector-messaging/client';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { ADMIN_PREFIX as ADMIN } from '../../src/http/admin/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestServer } from '../helpers/server.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE } from './chromium.ts';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

const server = await startTestServer({ WEBHOOK_RETRY_INITIAL_MS: '3600000', WEBHOOK_RETRY_MAX_MS: '3600000' });
const receiver = await startWebhookReceiver();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const admin = async (operation: string, body: unknown) =>
    (await server.post(`${ADMIN}/${operation}`, body, { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` })).body;
  receiver.respondWith((_request, index) => ({ status: index === 0 ? 503 : 200 }));
  const { Sandbox } = await admin('sandboxes/add', { Name: 'Checkout tests', EnterpriseCount: 1, WebhookUrl: `${receiver.origin}/webhooks` });
  const client = new ConnectorClient({
    platformAddress: server.url,
    clientToken: Sandbox.ClientToken,
    accessToken: Sandbox.Enterprises[0].AccessToken,
    client: 'Checkout tests 1.0',
  });
  const thread = (await client.messageThreads.add({ OriginalSender: 'Lena Fischer', Subject: 'Parking' })).MessageThreads[0]!;
  await client.messages.add({ Messages: [{ MessageThreadId: thread.Id, Text: 'Is there parking at the hotel?' }] });
  await receiver.waitFor(1);
  const [failed] = (await admin('webhookDeliveries/getAll', { ApplicationId: (await admin('applications/getAll', {})).Applications.at(-1).Id, Limitation: { Count: 1 } })).WebhookDeliveries;
  await admin('webhookDeliveries/redeliver', { DeliveryId: failed.Id });
  await receiver.waitFor(2);
  await admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'Yes: the garage is free for guests.' });
  await admin('autoReplies/add', { SandboxId: Sandbox.Id, Text: 'Thank you, the front desk will answer shortly.', DelayMs: 2000 });
  await eventually(() => receiver.received.length >= 3);

  for (const [name, viewport] of [['console.png', DESKTOP], ['console-phone.png', PHONE]] as const) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.getByLabel('Sandbox', { exact: true }).selectOption(Sandbox.Id);
    await page.locator('#delivery-list summary', { hasText: 'Succeeded' }).first().waitFor();
    await page.locator('#journal-status-line[data-state="live"]').waitFor();
    if (name === 'console.png') {
      await page.locator('#delivery-list summary', { hasText: '2 attempts' }).click();
      await page.getByLabel('Message from the hotel').fill('We have a space reserved for you.');
    }
    await page.screenshot({ path: docs(name), fullPage: name === 'console.png' });
    await context.close();
    console.log(`docs/${name}`);
  }
} finally {
  await browser.close();
  await receiver.close();
  await server.close();
}
