import { expect, it } from 'vitest';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { describeInbox, focused, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare const document: any;
declare function getComputedStyle(element: unknown): any;

describeInbox('the inbox list by keyboard, and its empty state', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`shows the empty state at the top of the list, echoing the search (${name})`, async () => {
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.getByLabel('Search').fill(`nobody-${name}`);
        const empty = page.locator('#threads-status', { hasText: `No threads match “nobody-${name}”` });
        await empty.waitFor();
        const filters = await page.locator('.filters').boundingBox();
        const box = await empty.boundingBox();
        expect(box!.y).toBeGreaterThanOrEqual(filters!.y + filters!.height);
        expect(box!.y - (filters!.y + filters!.height)).toBeLessThan(box!.height);
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`lands on the list after signing in, moves with the arrow keys and returns to the thread left on Escape (${name}, keyboard only)`, async () => {
      const tag = `Keys ${name}`;
      const ids: string[] = [];
      for (const guest of ['Cleo', 'Boris', 'Abel']) ids.unshift(await inbox.addGuestThread(`${guest} ${tag}`, 'Keys'));
      // Latest activity first: Abel, Boris, Cleo.
      const page = await inbox.openPage({ viewport });
      try {
        await page.getByLabel('Email').focus();
        await page.keyboard.type(SANDBOX_STAFF[0].email);
        await page.keyboard.press('Tab');
        await page.keyboard.type(SANDBOX_STAFF_PASSWORD);
        await page.keyboard.press('Enter');
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('thread'))).toBe(true);

        await page.getByLabel('Search').focus();
        await page.keyboard.type(tag);
        await expect.poll(() => page.locator('.thread').count()).toBe(3);
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe(ids[0]);
        const moves = [['ArrowDown', 1], ['ArrowDown', 2], ['ArrowDown', 2], ['Home', 0], ['End', 2], ['ArrowUp', 1]] as const;
        for (const [key, index] of moves) {
          await page.keyboard.press(key);
          expect(await focused(page), key).toBe(ids[index]);
        }

        await page.keyboard.press('Enter');
        await expect.poll(() => focused(page)).toBe('reply');
        await page.keyboard.press('Escape');
        await page.locator('#conversation').waitFor({ state: 'hidden' });
        expect(await focused(page)).toBe(ids[1]);
        // The list is one Tab stop: Shift+Tab from the row leaves it for the search box.
        await page.keyboard.press('Shift+Tab');
        expect(await focused(page)).toBe('search');
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`draws the list's focus ring whole, inside the scrolling list (${name}, keyboard only)`, async () => {
      await inbox.addGuestThread(`Rita Ring ${name}`, 'Focus');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.getByLabel('Search').fill(`Rita Ring ${name}`);
        await expect.poll(() => page.locator('.thread').count()).toBe(1);
        await page.keyboard.press('Tab');
        const ring = await page.evaluate(() => {
          const row = document.activeElement;
          const list = document.getElementById('thread-list');
          const style = getComputedStyle(row);
          const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
          const r = row.getBoundingClientRect();
          const l = list.getBoundingClientRect();
          return {
            focusVisible: row.matches(':focus-visible') && style.outlineStyle !== 'none',
            left: r.left - reach >= l.left,
            right: r.right + reach <= l.left + list.clientWidth,
            top: r.top - reach >= l.top,
          };
        });
        expect(ring).toEqual({ focusVisible: true, left: true, right: true, top: true });
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
