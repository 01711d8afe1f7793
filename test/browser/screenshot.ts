// Takes docs/inbox.png and docs/inbox-phone.png from the running inbox over a fresh sandbox database:
//   npx tsx test/browser/screenshot.ts
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { ConnectorClient } from '@connector-messaging/client';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer } from '../helpers/server.ts';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE } from './chromium.ts';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

const server = await startTestServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const client = new ConnectorClient({ platformAddress: server.url, clientToken: demo.a.ClientToken, accessToken: demo.a.AccessToken, client: demo.a.Client });
  const conversations: Array<[guest: string, subject: string, texts: string[]]> = [
    ['Lena Fischer', 'Parking', ['Is there parking at the hotel?']],
    ['Tomás Ruiz', 'Airport transfer', ['We land at 22:40 on flight IB3170.', 'Could someone pick us up? We are four with two big suitcases.']],
    ['Aiko Tanaka', 'Late check-in', ['Our train is delayed, we will arrive around midnight.']],
    ['Margaux Lefèvre', 'Breakfast for a child', ['Is breakfast included for our daughter (6)?']],
  ];
  const ids: string[] = [];
  for (const [guest, subject, texts] of conversations) {
    const thread = (await client.messageThreads.add({ OriginalSender: guest, Subject: subject })).MessageThreads[0]!;
    ids.push(thread.Id);
    await client.messages.add({ Messages: texts.map((Text) => ({ MessageThreadId: thread.Id, Text })) });
  }
  // Tomás wrote his first message yesterday evening: the conversation shows a day separator.
  const yesterday = Math.floor(Date.now() / 1000) - 86_400;
  await server.database.updateTable('messages').set({ created_utc: yesterday }).where('text', 'like', 'We land at%').execute();

  for (const [name, viewport] of [['inbox.png', DESKTOP], ['inbox-phone.png', PHONE]] as const) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/inbox`);
    await page.getByLabel('Email').fill(SANDBOX_STAFF[0].email);
    await page.getByLabel('Password').fill(SANDBOX_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.locator(`[data-thread-id="${ids[1]}"]`).click();
    await page.locator('.message', { hasText: 'two big suitcases' }).waitFor();
    if (name === 'inbox.png') {
      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'hidden' });
      await page.getByLabel('Reply to the guest').fill('Of course: a driver will wait at arrivals with a sign.');
      await page.getByRole('button', { name: 'Send' }).click();
    }
    await page.locator('.message.from-staff').waitFor();
    await page.locator('#reply').blur();
    await page.screenshot({ path: docs(name) });
    await context.close();
    console.log(`docs/${name}`);
  }
} finally {
  await browser.close();
  await server.close();
}
