import { expect, it } from 'vitest';
import { DESKTOP } from './chromium.ts';
import { describePages } from './pages-browser.ts';

/** The Connector operations, by their path and the id Swagger UI gives their block (tag and operationId). */
const OPERATIONS = [
  ['messageThreads/add', 'operations-Message_threads-messageThreads_add'],
  ['messageThreads/getAll', 'operations-Message_threads-messageThreads_getAll'],
  ['messages/add', 'operations-Messages-messages_add'],
  ['messages/getAll', 'operations-Messages-messages_getAll'],
] as const;

describePages('the API reference at /docs', {}, (suite) => {
  it.each(OPERATIONS)('answers "Try it out" on %s with 200, its example as it stands', async (path, blockId) => {
    const context = await suite.browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/docs`);
      expect(await page.title()).toBe('connector-messaging: API reference');
      const operation = page.locator(`#${blockId}`);
      await operation.locator('.opblock-summary').click();
      // The pre-filled body is the served example, with the demo credentials.
      await expect.poll(() => operation.locator('textarea.body-param__text').inputValue()).toContain('"ClientToken": "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"');
      const answered = page.waitForResponse((response) => response.url().endsWith(`/api/connector/v1/${path}`));
      await operation.getByRole('button', { name: 'Execute' }).click();
      expect((await answered).status()).toBe(200);
      await expect.poll(() => operation.locator('.live-responses-table tbody .response-col_status').first().textContent()).toBe('200');
    } finally {
      await context.close();
    }
  });
});
