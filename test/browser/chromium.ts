import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Debian's Chromium; never a downloaded browser. `.ci/run` installs it when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium).`);

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const VIEWPORTS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/** What a describe block of browser tests shares: one server and one browser. */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
}

/** A describe block with a server (started with `env`) and a browser of its own; skipped without Chromium. */
export function describeInBrowser(name: string, body: (suite: BrowserSuite) => void, env: Record<string, string> = {}): void {
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
    });
  });
}
