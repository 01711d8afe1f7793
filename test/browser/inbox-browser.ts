import type { BrowserContextOptions, Page, Route } from 'playwright-core';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { addMessages, addThread } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { describeInBrowser, DESKTOP, type BrowserSuite } from './chromium.ts';

export { DESKTOP, PHONE, VIEWPORTS } from './chromium.ts';

/** The enterprise API path of an operation, as `page.route` matches it. */
export const api = (operation: string) => `**/api/enterprise/v1/${operation}`;

export interface InboxOptions {
  viewport?: { width: number; height: number };
  /** Whether to wait until the live events are connected (the default). */
  waitForLive?: boolean;
  /** Runs before the page loads: routes to install, scripts to add. */
  before?: (page: Page) => Promise<void>;
  context?: BrowserContextOptions;
  /** Who signs in: enterprise A's receptionist unless told. */
  account?: { email: string; password: string };
}

export interface InboxHarness extends BrowserSuite {
  /** A new page at /inbox, signed in (as enterprise A's receptionist unless told), its times in UTC and English. */
  signedInPage(options?: InboxOptions): Promise<Page>;
  /** A new page at /inbox showing the sign-in form. */
  openPage(options?: InboxOptions): Promise<Page>;
  addGuestThread(OriginalSender: string, Subject: string): Promise<string>;
  addGuestMessage(MessageThreadId: string, Text: string): Promise<void>;
}

/** One server and one browser for a describe block of inbox tests; skipped without Chromium. */
export function describeInbox(name: string, body: (inbox: InboxHarness) => void): void {
  describeInBrowser(name, (suite) => {
    async function openPage({ viewport = DESKTOP, before, context }: InboxOptions = {}): Promise<Page> {
      const browserContext = await suite.browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', ...context });
      const page = await browserContext.newPage();
      // Each page has a context of its own (its cookies, storage and clock); it goes with the page, or with the browser.
      page.on('close', () => void browserContext.close().catch(() => {}));
      page.on('dialog', (dialog) => {
        throw new Error(`unexpected dialog: ${dialog.message()}`);
      });
      await before?.(page);
      await page.goto(`${suite.server.url}/inbox`);
      return page;
    }

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
