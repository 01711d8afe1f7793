import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, hasChromium } from './chromium.ts';

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Runs before the page loads: routes to install, scripts to add. */
  before?: (page: Page) => Promise<void>;
  context?: BrowserContextOptions;
}

export interface PagesHarness {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new page at `path` of the server, in its own context (storage, clipboard), its times in UTC and English. */
  openPage(path: string, options?: PageOptions): Promise<Page>;
}

/** One server (configured by `env`) and one browser for a describe block of browser tests; skipped without Chromium. */
export function describePages(name: string, env: Record<string, string>, body: (pages: PagesHarness) => void): void {
  describe.skipIf(!hasChromium)(name, () => {
    let server: TestServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await startTestServer(env);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    body({
      get server() {
        return server;
      },
      get browser() {
        return browser;
      },
      async openPage(path, { viewport = DESKTOP, before, context }: PageOptions = {}) {
        const browserContext = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', ...context });
        const page = await browserContext.newPage();
        page.on('close', () => void browserContext.close().catch(() => {}));
        page.on('dialog', (dialog) => {
          throw new Error(`unexpected dialog: ${dialog.message()}`);
        });
        await before?.(page);
        await page.goto(`${server.url}${path}`);
        return page;
      },
    });
  });
}

/** Whether the page is wider than its viewport (something would need sideways scrolling on a phone). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > window.innerWidth') as Promise<boolean>;
}
