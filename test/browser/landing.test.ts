import { expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { SANDBOX_STAFF } from '../../src/store/sandbox-seed.ts';
import { demo } from '../helpers/sandbox.ts';
import { PHONE } from './chromium.ts';
import { describePages, scrollsSideways } from './pages-browser.ts';

describePages('the landing page in sandbox mode', {}, (pages) => {
  it('links the reference, the console and the inbox, and shows the demo credentials and staff logins', async () => {
    const page = await pages.openPage('/');
    try {
      await page.getByRole('heading', { name: 'connector-messaging' }).waitFor();
      for (const [name, href] of [['API reference', '/docs'], ['Console', '/console'], ['Inbox', '/inbox']]) {
        await expect(page.getByRole('link', { name, exact: true }).getAttribute('href')).resolves.toBe(href);
      }
      const text = await page.locator('main').innerText();
      for (const value of [demo.a.ClientToken, demo.a.AccessToken, demo.b.AccessToken, SANDBOX_ADMIN_TOKEN, SANDBOX_STAFF[0].email, SANDBOX_STAFF[1].email]) {
        expect(text).toContain(value);
      }

      await page.getByRole('link', { name: 'Console', exact: true }).click();
      await page.getByRole('heading', { name: 'Credentials' }).waitFor();
      await page.goBack();
      await page.getByRole('link', { name: 'Inbox', exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in to the inbox' }).waitFor();
    } finally {
      await page.close();
    }
  });

  it('fits a phone\'s width', async () => {
    const page = await pages.openPage('/', { viewport: PHONE });
    try {
      await page.getByRole('heading', { name: 'Demo credentials' }).waitFor();
      expect(await scrollsSideways(page)).toBe(false);
    } finally {
      await page.close();
    }
  });
});

describePages('the landing page in production mode', { MODE: 'production' }, (pages) => {
  it('shows what the server is and the links that exist, and no credential', async () => {
    const page = await pages.openPage('/');
    try {
      await page.getByRole('heading', { name: 'connector-messaging' }).waitFor();
      await expect(page.getByRole('link').allTextContents()).resolves.toEqual(['API reference', 'Inbox']);
      const text = await page.locator('body').innerText();
      for (const value of [demo.a.ClientToken, demo.a.AccessToken, SANDBOX_ADMIN_TOKEN, SANDBOX_STAFF[0].email]) {
        expect(text).not.toContain(value);
      }
      await expect(page.getByRole('heading', { name: 'Demo credentials' }).count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});
