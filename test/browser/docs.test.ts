import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, hasChromium } from './chromium.ts';

describe.skipIf(!hasChromium)('the API reference at /docs', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers "Try it out" on messageThreads/getAll with 200, its example as it stands', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/docs`);
      expect(await page.title()).toBe('connector-messaging: API reference');
      const operation = page.locator('#operations-Message_threads-messageThreads_getAll');
      await operation.locator('.opblock-summary').click();
      // The pre-filled body is the served example, with the demo credentials.
      await expect.poll(() => operation.locator('textarea.body-param__text').inputValue()).toContain('"ClientToken": "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"');
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/connector/v1/messageThreads/getAll'));
      await operation.getByRole('button', { name: 'Execute' }).click();
      expect((await answered).status()).toBe(200);
      await expect.poll(() => operation.locator('.live-responses-table tbody .response-col_status').first().textContent()).toBe('200');
    } finally {
      await context.close();
    }
  });
});
