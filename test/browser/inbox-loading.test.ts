import { expect, it } from 'vitest';
import { SANDBOX_STAFF } from '../../src/store/sandbox-seed.ts';
import { api, describeInbox, holdRequests, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare const window: any;
declare const document: any;
declare const MutationObserver: any;

describeInbox('the inbox under a slow network: loading states', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`says the list is loading after sign-in until it arrives (${name})`, async () => {
      await inbox.addGuestThread(`Lola Slow ${name}`, 'Breakfast');
      let slow!: Awaited<ReturnType<typeof holdRequests>>;
      const page = await inbox.signedInPage({
        viewport,
        waitForLive: false,
        before: async (page) => void (slow = await holdRequests(page, api('messageThreads/getAll'))),
      });
      try {
        await slow.held;
        const status = page.locator('#threads-status');
        await status.filter({ hasText: 'Loading conversations…' }).waitFor();
        expect(await page.locator('#thread-list').getAttribute('aria-busy')).toBe('true');
        await slow.release();
        await page.locator('.thread', { hasText: `Lola Slow ${name}` }).waitFor();
        await status.waitFor({ state: 'hidden' });
        expect(await page.locator('#thread-list').getAttribute('aria-busy')).toBeNull();
      } finally {
        await page.close();
      }
    }, 90_000);
  }

  it('keeps the sign-in button disabled, saying "Signing in…", for the whole request, the failure delay included (keyboard only)', async () => {
    let slow!: Awaited<ReturnType<typeof holdRequests>>;
    const page = await inbox.openPage({ before: async (page) => void (slow = await holdRequests(page, api('sessions/add'))) });
    try {
      const button = page.locator('#sign-in-button');
      await page.getByLabel('Email').waitFor();
      // Every state the button and the error line pass through, from the page itself.
      await page.evaluate(() => {
        const seen: Array<{ disabled: boolean; text: string; error: string }> = [];
        (window as any).signInStates = seen;
        const button = document.getElementById('sign-in-button');
        const error = document.getElementById('sign-in-error');
        const record = () => seen.push({ disabled: button.disabled, text: button.textContent ?? '', error: error.textContent ?? '' });
        new MutationObserver(record).observe(document.getElementById('sign-in-form'), { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.getByLabel('Email').focus();
      await page.keyboard.type(SANDBOX_STAFF[0].email);
      await page.keyboard.press('Tab');
      await page.keyboard.type('not the password');
      await page.keyboard.press('Enter');
      await slow.held;
      expect(await button.isDisabled()).toBe(true);
      expect(await button.textContent()).toBe('Signing in…');
      await slow.release();
      // The server answers a wrong password only after its deliberate delay.
      await page.getByRole('alert').filter({ hasText: 'Not signed in' }).waitFor();
      expect(await button.isEnabled()).toBe(true);
      expect(await button.textContent()).toBe('Sign in');
      const states: Array<{ disabled: boolean; text: string; error: string }> = await page.evaluate('window.signInStates');
      const beforeAnswer = states.slice(0, states.findIndex((state) => state.error !== ''));
      expect(beforeAnswer.length).toBeGreaterThan(0);
      expect(beforeAnswer.filter((state) => !state.disabled || state.text !== 'Signing in…')).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
