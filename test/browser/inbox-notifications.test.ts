import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInbox, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare const window: any;
declare const OscillatorNode: any;

/** Records desktop notices and tones instead of making them: a headless browser shows and plays neither. */
async function recordNotices(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    w.notices = [];
    w.tones = 0;
    w.Notification = class {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options?: { body?: string }) {
        w.notices.push({ title, body: options?.body });
      }
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: unknown, ...args: unknown[]) {
      w.tones += 1;
      return start.apply(this, args);
    };
  });
}

const notices = (page: Page) => page.evaluate<Array<{ title: string; body: string }>>('window.notices');
const tones = (page: Page) => page.evaluate<number>('window.tones');

describeInbox('telling a receptionist that a guest wrote', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`counts unread threads in the tab title (${name})`, async () => {
      const page = await inbox.signedInPage({ viewport });
      try {
        const guest = `Una Title ${name}`;
        const threadId = await inbox.addGuestThread(guest, 'Late arrival');
        await inbox.addGuestMessage(threadId, 'We land at 23:00.');
        const row = page.locator('.thread.unread', { hasText: guest });
        await row.waitFor();
        const titleAndCount = async () => [await page.title(), await page.locator('.thread.unread').count()] as const;
        const [title, unread] = await titleAndCount();
        expect(unread).toBeGreaterThan(0);
        expect(title).toBe(`(${unread}) Inbox`);

        await row.click();
        await page.locator('.message', { hasText: 'We land at 23:00.' }).waitFor();
        await page.locator('.thread.unread', { hasText: guest }).waitFor({ state: 'detached' });
        const [after, left] = await titleAndCount();
        expect(left).toBe(unread - 1);
        expect(after).toBe(left > 0 ? `(${left}) Inbox` : 'Inbox');
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`makes no sound or notice until turned on, then does for guest messages only, remembered by the browser (${name}, keyboard only)`, async () => {
      const page = await inbox.signedInPage({ viewport, before: recordNotices });
      try {
        const toggle = page.getByLabel('Notify me of guest messages');
        expect(await toggle.isChecked()).toBe(false);
        const quiet = await inbox.addGuestThread(`Quinn Quiet ${name}`, 'Pillows');
        await inbox.addGuestMessage(quiet, 'Two more pillows, please.');
        await page.locator('.thread', { hasText: 'Two more pillows, please.' }).waitFor();
        expect(await notices(page)).toEqual([]);
        expect(await tones(page)).toBe(0);

        await toggle.focus();
        await page.keyboard.press('Space');
        expect(await toggle.isChecked()).toBe(true);
        await page.reload();
        await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
        expect(await page.getByLabel('Notify me of guest messages').isChecked()).toBe(true);

        const loud = await inbox.addGuestThread(`Lars Loud ${name}`, 'Noise');
        await inbox.addGuestMessage(loud, 'The room above is noisy.');
        await expect.poll(() => notices(page)).toEqual([{ title: `New message from Lars Loud ${name}`, body: 'The room above is noisy.' }]);
        expect(await tones(page)).toBe(1);

        // A reply from the staff is no news to announce.
        await page.locator('.thread', { hasText: `Lars Loud ${name}` }).click();
        await page.getByLabel('Reply to the guest').fill('Moving you now.');
        await page.keyboard.press('Control+Enter');
        // At phone width the list is hidden behind the conversation, but kept up to date.
        await page.locator(`[data-thread-id="${loud}"]`, { hasText: 'You: Moving you now.' }).waitFor({ state: 'attached' });
        expect(await notices(page)).toHaveLength(1);

        await page.getByLabel('Notify me of guest messages').focus();
        await page.keyboard.press('Space');
        await inbox.addGuestMessage(quiet, 'Never mind.');
        await page.locator(`[data-thread-id="${quiet}"]`, { hasText: 'Never mind.' }).waitFor({ state: 'attached' });
        expect(await notices(page)).toHaveLength(1);
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
