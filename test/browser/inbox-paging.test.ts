import { beforeAll, expect, it } from 'vitest';
import { nowUtc } from '../../src/domain/time.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { enterpriseA } from '../helpers/sandbox.ts';
import { seedOpenThreads, type SeededThread } from '../helpers/seed-threads.ts';
import { api, describeInbox, focused, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare const document: any;
declare const window: any;
declare const performance: any;
declare const MutationObserver: any;

const SEEDED = 10_000;
/** Threads in a page of the inbox's list. */
const PAGE = 100;

describeInbox(`the inbox list over ${SEEDED.toLocaleString('en')} open threads: counts, paging on scroll, keyboard`, (inbox) => {
  let seeded: SeededThread[];
  beforeAll(async () => {
    // Older than any thread a test adds through the API, so that the list starts with the seeded ones.
    seeded = await seedOpenThreads(inbox.server.database, {
      enterpriseId: enterpriseA,
      applicationId: SANDBOX_APPLICATIONS[0].id,
      count: SEEDED,
      tag: 'Paged',
      startUtc: nowUtc() - 30 * 86_400,
    });
  }, 120_000);

  const listedIds = (page: import('playwright-core').Page): Promise<string[]> =>
    page.locator('.thread').evaluateAll((rows: any[]) => rows.map((row) => row.getAttribute('data-thread-id')));
  const optionTexts = (page: import('playwright-core').Page) => page.locator('#filter option').allTextContents();

  for (const [name, viewport] of VIEWPORTS) {
    it(`counts each filter and loads the next page when the list is scrolled to its end (${name})`, async () => {
      const page = await inbox.openPage({
        viewport,
        // When the first row is added to the list, by the page's own clock (logged, not asserted).
        before: async (page) =>
          void (await page.addInitScript(() => {
            new MutationObserver((_: unknown, observer: any) => {
              if (!document.querySelector('.thread')) return;
              (window as any).firstRowAt = performance.now();
              observer.disconnect();
            }).observe(document, { subtree: true, childList: true });
          })),
      });
      /** From the list's first request to its first row on screen, in the page. */
      const requestToRow = () =>
        page.evaluate(() => {
          const request = performance.getEntriesByType('resource').find((entry: any) => entry.name.endsWith('/messageThreads/getAll'))!;
          return Math.round((window as any).firstRowAt - request.startTime);
        });
      try {
        await page.getByLabel('Email').fill(SANDBOX_STAFF[0].email);
        await page.getByLabel('Password').fill(SANDBOX_STAFF_PASSWORD);
        const signingIn = Date.now();
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('.thread').first().waitFor();
        console.log(`${SEEDED} open threads (${name}): first list paint ${Date.now() - signingIn} ms after Sign in, ${await requestToRow()} ms after the list's request`);
        const reloading = Date.now();
        await page.reload();
        await page.locator('.thread').first().waitFor();
        console.log(`${SEEDED} open threads (${name}): first list paint ${Date.now() - reloading} ms after a reload, ${await requestToRow()} ms after the list's request`);

        // The seeded threads and the demo's own (older than all of them, so last in the list).
        expect(await optionTexts(page)).toEqual(['Open (10,001)', 'Resolved (0)', 'All (10,001)']);
        expect(await listedIds(page)).toEqual(seeded.slice(0, PAGE).map((t) => t.id));
        for (const pages of [2, 3]) {
          await page.locator('#thread-list').evaluate((list: any) => (list.scrollTop = list.scrollHeight));
          await expect.poll(() => page.locator('.thread').count()).toBe(pages * PAGE);
        }
        // Pages continue one another: no thread repeated or skipped.
        expect(await listedIds(page)).toEqual(seeded.slice(0, 3 * PAGE).map((t) => t.id));

        // A search counts what it matches in each state.
        await page.getByLabel('Search').fill('Guest Paged 9999');
        await expect.poll(() => optionTexts(page)).toEqual(['Open (1)', 'Resolved (0)', 'All (1)']);
        expect(await listedIds(page)).toEqual([seeded[0]!.id]);
        await page.getByLabel('Search').fill('');
        await expect.poll(() => optionTexts(page)).toEqual(['Open (10,001)', 'Resolved (0)', 'All (10,001)']);
      } finally {
        await page.close();
      }
    }, 120_000);

    it(`reaches threads beyond the first page with End and ArrowDown (${name}, keyboard only)`, async () => {
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator('.thread').first().waitFor();
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('thread'))).toBe(true);
        expect(await focused(page)).toBe(seeded[0]!.id);
        await page.keyboard.press('End');
        expect(await focused(page)).toBe(seeded[PAGE - 1]!.id);
        // On the last row listed, ArrowDown waits for the next page and moves into it.
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => focused(page)).toBe(seeded[PAGE]!.id);
        await page.keyboard.press('End');
        await expect.poll(() => focused(page)).toBe(seeded[2 * PAGE - 1]!.id);
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => focused(page)).toBe(seeded[2 * PAGE]!.id);
        await page.keyboard.press('ArrowUp');
        expect(await focused(page)).toBe(seeded[2 * PAGE - 1]!.id);
        await page.keyboard.press('Home');
        expect(await focused(page)).toBe(seeded[0]!.id);
        // The row reached is a thread like any other: Enter opens it.
        await page.keyboard.press('End');
        await page.keyboard.press('ArrowDown');
        const beyond = seeded[3 * PAGE]!;
        await expect.poll(() => focused(page)).toBe(beyond.id);
        await page.keyboard.press('Enter');
        await page.locator('#conversation-meta', { hasText: beyond.originalSender }).waitFor();
      } finally {
        await page.close();
      }
    }, 120_000);
  }

  it('says so when the next page cannot be read, and reads it when the list is scrolled again', async () => {
    const page = await inbox.signedInPage();
    try {
      await page.locator('.thread').first().waitFor();
      const failing = api('messageThreads/getAll');
      let refused = 0;
      await page.route(failing, (route) => {
        if (!route.request().postDataJSON().Limitation.Cursor) return route.fallback();
        refused++;
        return route.abort();
      });
      const toEnd = () => page.locator('#thread-list').evaluate((list: any) => (list.scrollTop = list.scrollHeight));
      await toEnd();
      await page.getByRole('alert').filter({ hasText: 'Could not load more conversations: the server could not be reached.' }).waitFor();
      expect(await page.locator('.thread').count()).toBe(PAGE);
      await page.unroute(failing);
      expect(refused).toBeGreaterThan(0);
      await page.locator('#thread-list').evaluate((list: any) => (list.scrollTop = 0));
      await toEnd();
      await expect.poll(() => page.locator('.thread').count()).toBe(2 * PAGE);
      await page.locator('#threads-status').waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  }, 120_000);

  it('lists "All" as one list by latest activity, open and resolved threads mixed, counted apart', async () => {
    const open = await inbox.addGuestThread('Rosa Open', 'All');
    const resolved = await inbox.addGuestThread('Otto Resolved', 'All');
    const page = await inbox.signedInPage();
    try {
      await page.locator('.thread', { hasText: 'Otto Resolved' }).click();
      await page.getByRole('button', { name: 'Mark resolved' }).click();
      await page.getByRole('button', { name: 'Reopen' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByLabel('Show').selectOption('all');
      await expect.poll(() => optionTexts(page)).toEqual(['Open (10,002)', 'Resolved (1)', 'All (10,003)']);
      // Latest activity first: the thread just resolved, then the open one added before it, then the seeded ones.
      await expect.poll(async () => (await listedIds(page)).slice(0, 3)).toEqual([resolved, open, seeded[0]!.id]);
    } finally {
      await page.close();
    }
  }, 120_000);
  // Last: it moves a seeded thread to the top.
  it('keeps the pages scrolled through, and where the list is scrolled, when a live change rereads it', async () => {
    const page = await inbox.signedInPage();
    try {
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('thread'))).toBe(true);
      await page.locator('#thread-list').evaluate((list: any) => (list.scrollTop = list.scrollHeight));
      await expect.poll(() => page.locator('.thread').count()).toBe(2 * PAGE);
      const scrolled = await page.locator('#thread-list').evaluate((list: any) => list.scrollTop);
      expect(scrolled).toBeGreaterThan(0);
      const moved = seeded[PAGE + 50]!;
      await inbox.addGuestMessage(moved.id, 'Moved up by a new message');
      await expect.poll(async () => (await listedIds(page))[0]).toBe(moved.id);
      expect(await page.locator('.thread').count()).toBe(2 * PAGE);
      expect(await page.locator('#thread-list').evaluate((list: any) => list.scrollTop)).toBe(scrolled);
    } finally {
      await page.close();
    }
  }, 120_000);
});
