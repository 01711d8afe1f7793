import type { Page, Route } from 'playwright-core';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { addMessages, addThread } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { describePages, type PageOptions, type PagesHarness } from './pages-browser.ts';

export { DESKTOP, PHONE, VIEWPORTS } from './chromium.ts';

/** The enterprise API path of an operation, as `page.route` matches it. */
export const api = (operation: string) => `**/api/enterprise/v1/${operation}`;

export interface InboxOptions extends PageOptions {
  /** Whether to wait until the live events are connected (the default). */
  waitForLive?: boolean;
  /** Who signs in: enterprise A's receptionist unless told. */
  account?: { email: string; password: string };
}

export interface InboxHarness extends Omit<PagesHarness, 'openPage'> {
  /** A new page at /inbox, signed in (as enterprise A's receptionist unless told), its times in UTC and English. */
  signedInPage(options?: InboxOptions): Promise<Page>;
  /** A new page at /inbox showing the sign-in form. */
  openPage(options?: InboxOptions): Promise<Page>;
  addGuestThread(OriginalSender: string, Subject: string): Promise<string>;
  addGuestMessage(MessageThreadId: string, Text: string): Promise<void>;
}

/** One server and one browser for a describe block of inbox tests; skipped without Chromium. */
export function describeInbox(name: string, body: (inbox: InboxHarness) => void): void {
  describePages(name, {}, (suite) => {
    const openPage = (options: InboxOptions = {}): Promise<Page> => suite.openPage('/inbox', options);

    const harness: InboxHarness = {
      get server() {
        return suite.server;
      },
      get browser() {
        return suite.browser;
      },
      openPage,
      async signedInPage(options: InboxOptions = {}) {
        const page = await openPage(options);
        const account = options.account ?? { email: SANDBOX_STAFF[0].email, password: SANDBOX_STAFF_PASSWORD };
        await page.getByLabel('Email').fill(account.email);
        await page.getByLabel('Password').fill(account.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        if (options.waitForLive ?? true) await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
        return page;
      },
      async addGuestThread(OriginalSender, Subject) {
        return (await addThread(suite.server, demo.a, { OriginalSender, Subject })).Id;
      },
      async addGuestMessage(MessageThreadId, Text) {
        await addMessages(suite.server, demo.a, [{ MessageThreadId, Text }]);
      },
    };
    body(harness);
  });
}

/**
 * Holds the requests `page` makes to `url` (those `when` picks) until `release()`: a slow network without a clock.
 * `held` resolves once one is being held.
 */
export async function holdRequests(
  page: Page,
  url: string,
  when: (body: any) => boolean = () => true,
): Promise<{ held: Promise<void>; release(): Promise<void> }> {
  let gate!: () => void;
  const opened = new Promise<void>((resolve) => (gate = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const handler = async (route: Route) => {
    if (!when(route.request().postDataJSON())) return route.fallback();
    holding();
    await opened;
    await route.continue().catch(() => {});
  };
  await page.route(url, handler);
  return {
    held,
    async release() {
      gate();
      await page.unroute(url, handler);
    },
  };
}

/** The id of the element with keyboard focus, or its thread id for a row of the list. */
export function focused(page: Page): Promise<string | null> {
  return page.evaluate("document.activeElement?.getAttribute('data-thread-id') ?? document.activeElement?.id ?? null");
}
