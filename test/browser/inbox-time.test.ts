import { expect, it } from 'vitest';
import { getPage } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { describeInbox, PHONE, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare function getComputedStyle(element: unknown): any;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describeInbox('times in the inbox', (inbox) => {
  async function updatedUtc(threadId: string): Promise<Date> {
    const threads = await getPage(inbox.server, 'threads', { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 1 } });
    return new Date(threads.items[0]!.UpdatedUtc);
  }

  /** The list row's time of a thread, read with the page's clock fixed at `now` (UTC, English). */
  async function listedTime(threadId: string, now?: Date): Promise<string> {
    const page = await inbox.signedInPage({ before: async (page) => void (now && (await page.clock.setFixedTime(now))) });
    try {
      return (await page.locator(`[data-thread-id="${threadId}"] time`).textContent()) ?? '';
    } finally {
      await page.close();
    }
  }

  it('writes times relative for the last hour, as a time of day for today and as a date beyond', async () => {
    const threadId = await inbox.addGuestThread('Tim Clock', 'Wake-up call');
    const at = await updatedUtc(threadId);
    expect(await listedTime(threadId)).toMatch(/^(just now|\d+ min ago)$/);
    expect(await listedTime(threadId, new Date(at.getTime() + 5 * 60_000 + 1000))).toBe('5 min ago');

    const later = new Date(at.getTime() + 2 * HOUR_MS);
    const hhmm = at.toISOString().slice(11, 16);
    expect(await listedTime(threadId, later)).toBe(later.getUTCDate() === at.getUTCDate() ? hhmm : 'Yesterday');

    const day = at.getUTCDate();
    const month = at.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
    // Within the year the year is left out.
    const tenDaysLater = new Date(at.getTime() + 10 * DAY_MS);
    const sameYear = tenDaysLater.getUTCFullYear() === at.getUTCFullYear();
    expect(await listedTime(threadId, tenDaysLater)).toBe(sameYear ? `${day} ${month}` : `${day} ${month} ${at.getUTCFullYear()}`);
    expect(await listedTime(threadId, new Date(at.getTime() + 400 * DAY_MS))).toBe(`${day} ${month} ${at.getUTCFullYear()}`);
  }, 90_000);

  for (const [name, viewport] of VIEWPORTS) {
    it(`separates a conversation's days and gives each message its time of day (${name})`, async () => {
      const guest = `Dora Days ${name}`;
      const threadId = await inbox.addGuestThread(guest, 'Airport transfer');
      await inbox.addGuestMessage(threadId, 'Booked the transfer two days ago.');
      await inbox.addGuestMessage(threadId, 'Is it still on?');
      const twoDaysAgo = Math.floor(Date.now() / 1000) - 2 * 86_400;
      await inbox.server.database
        .updateTable('messages')
        .set({ created_utc: twoDaysAgo })
        .where('message_thread_id', '=', threadId)
        .where('text', '=', 'Booked the transfer two days ago.')
        .execute();
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator('.thread', { hasText: guest }).click();
        await page.locator('.message', { hasText: 'Is it still on?' }).waitFor();
        const separators = page.locator('#messages [role="separator"]');
        expect(await separators.allTextContents()).toEqual([
          new Date(twoDaysAgo * 1000).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
          'Today',
        ]);
        // In order: a day, its message, the next day, its message.
        const order = await page.locator('#messages > li').evaluateAll((items) =>
          items.map((item) => (item.getAttribute('role') === 'separator' ? 'day' : item.querySelector('.text')?.textContent)),
        );
        expect(order).toEqual(['day', 'Booked the transfer two days ago.', 'day', 'Is it still on?']);
        for (const time of await page.locator('.message time').allTextContents()) expect(time).toMatch(/^\d{2}:\d{2}$/);
      } finally {
        await page.close();
      }
    }, 90_000);
  }

  it('never cuts a time short when a guest\'s name wraps at phone width', async () => {
    const guest = 'Maximiliane Alexandrina Konstantina von Hohenzollern-Sigmaringen-Wittelsbach';
    const threadId = await inbox.addGuestThread(guest, 'Suite upgrade');
    const page = await inbox.signedInPage({ viewport: PHONE });
    try {
      const row = page.locator(`[data-thread-id="${threadId}"]`);
      await row.waitFor();
      const fit = () => row.evaluate((button) => {
        const time = button.querySelector('time')!;
        const guestName = button.querySelector('.guest')!;
        return {
          timeFits: time.scrollWidth <= time.clientWidth,
          timeInside: time.getBoundingClientRect().right <= button.getBoundingClientRect().right,
          nameWraps: guestName.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(guestName).fontSize),
          nameInside: guestName.getBoundingClientRect().right <= time.getBoundingClientRect().left,
        };
      });
      await expect.poll(fit).toEqual({ timeFits: true, timeInside: true, nameWraps: true, nameInside: true });
    } finally {
      await page.close();
    }
  }, 90_000);
});
