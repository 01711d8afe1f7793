import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { DEMO_SANDBOX_ID } from '../../src/domain/sandboxes.ts';
import { ADD_THREAD, ADMIN } from '../helpers/admin.ts';
import { addMessages, addThread, getPage } from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { demo } from '../helpers/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { PHONE } from './chromium.ts';
import { describePages, scrollsSideways, type PageOptions, type PagesHarness } from './pages-browser.ts';

const CONFIGURED_ADMIN_TOKEN = 'configured-admin-token-0123456789';
const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };
/** The admin API path of an operation, as `page.route` matches it. */
const adminApi = (operation: string) => `**${ADMIN}/${operation}`;

async function adminCall(pages: PagesHarness, operation: string, body: unknown, token = SANDBOX_ADMIN_TOKEN) {
  const response = await pages.server.post(`${ADMIN}/${operation}`, body, { authorization: `Bearer ${token}` });
  expect(response.status).toBe(200);
  return response.body;
}

interface Sandbox {
  Id: string;
  ClientToken: string;
  Enterprises: { AccessToken: string }[];
}

/** A sandbox of its own for a test: what its Connector requests do is then all the console shows of it. */
async function addSandbox(pages: PagesHarness, name: string): Promise<Sandbox> {
  return (await adminCall(pages, 'sandboxes/add', { Name: name, EnterpriseCount: 1 })).Sandbox;
}

const as = (sandbox: Sandbox) => ({ ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0]!.AccessToken, Client: 'Console test 1.0' });

/** The page's text outside the credentials table. */
const textOutsideCredentials = (page: Page) =>
  page.evaluate(`(() => {
    const body = document.body.cloneNode(true);
    body.querySelector('#credentials').remove();
    return body.textContent;
  })()`) as Promise<string>;

/** The console with `sandbox` chosen. */
async function openSandbox(pages: PagesHarness, sandbox: Sandbox, options?: PageOptions): Promise<Page> {
  const page = await pages.openPage('/console', options);
  await page.getByLabel('Sandbox', { exact: true }).selectOption(sandbox.Id);
  return page;
}

/** Waits until the journal of the chosen sandbox is followed live, its first page read. */
const journalIsLive = (page: Page) => page.locator('#journal-status-line[data-state="live"]').waitFor();

/** Refuses every `requests/getAll` of the page from now on; the function tells how many it refused. */
async function refuseJournalReads(page: Page): Promise<() => number> {
  let refused = 0;
  await page.route(adminApi('requests/getAll'), (route) => {
    refused++;
    return route.abort('connectionrefused');
  });
  return () => refused;
}

/** The journal's entry of `operation` (its summary's start) whose bodies mention `text`. */
const journalEntry = (page: Page, summary: string, text: string) =>
  page
    .locator('#journal-list > li')
    .filter({ has: page.locator('summary', { hasText: summary }) })
    .filter({ hasText: text });

/** Presses Tab until `selector` has the focus: it can be reached by keyboard alone. */
async function tabTo(page: Page, selector: string, presses = 80): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`${selector} was not reached in ${presses} presses of Tab`);
}

const credential = (page: Page, label: string) =>
  page.locator('#credentials tr').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('code');

// No automatic retry during a test: a failed delivery stays failed until Redeliver is pressed.
describePages('the console in sandbox mode', { WEBHOOK_RETRY_INITIAL_MS: '3600000', WEBHOOK_RETRY_MAX_MS: '3600000' }, (pages) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver?.close());

  it('needs no sign-in, lists the demo sandbox with its credentials, and copies one', async () => {
    const page = await pages.openPage('/console', { context: clipboard });
    try {
      // The choice is filled in once the sandboxes are read.
      await credential(page, 'ClientToken').first().waitFor();
      await expect.poll(() => page.getByLabel('Sandbox', { exact: true }).inputValue()).toBe(DEMO_SANDBOX_ID);
      await expect(credential(page, 'ClientToken').first().textContent()).resolves.toBe(demo.a.ClientToken);
      await expect(credential(page, 'AccessToken').first().textContent()).resolves.toBe(demo.a.AccessToken);
      await expect(credential(page, 'Staff password').first().textContent()).resolves.toBe('sandbox');
      // The public sandbox token is all there is: nothing to sign out of.
      await expect(page.getByRole('button', { name: 'Sign out' }).isHidden()).resolves.toBe(true);

      const copy = page.getByRole('button', { name: 'Copy ClientToken (demo)' });
      await copy.click();
      await expect.poll(() => copy.textContent()).toBe('Copied');
      await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(demo.a.ClientToken);
    } finally {
      await page.close();
    }
  });

  it('adds a sandbox, shows its credentials, and redelivers a failed webhook of it', async () => {
    const page = await pages.openPage('/console');
    try {
      await page.getByText('Add a sandbox').click();
      await page.getByLabel('Name', { exact: true }).fill('Checkout tests');
      await page.getByLabel('Enterprises').fill('1');
      await page.getByLabel('Webhook URL', { exact: true }).fill(`${receiver.origin}/hooks`);
      await page.getByRole('button', { name: 'Add sandbox' }).click();
      await page.getByRole('status').filter({ hasText: 'Checkout tests was added.' }).waitFor();

      const { Sandboxes } = await adminCall(pages, 'sandboxes/getAll', {});
      const sandbox = Sandboxes.find((candidate: { Name: string }) => candidate.Name === 'Checkout tests');
      expect(sandbox.Enterprises).toHaveLength(1);
      await expect(page.getByLabel('Sandbox', { exact: true }).inputValue()).resolves.toBe(sandbox.Id);
      await expect(credential(page, 'ClientToken').textContent()).resolves.toBe(sandbox.ClientToken);
      await expect(credential(page, 'AccessToken').textContent()).resolves.toBe(sandbox.Enterprises[0]!.AccessToken);
      await expect(credential(page, 'Webhook secret').textContent()).resolves.toBe(sandbox.WebhookSecret);

      receiver.respondWith((_request, index) => ({ status: index === 0 ? 500 : 200 }));
      const credentials = { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0]!.AccessToken, Client: 'Test 1.0' };
      const thread = await addThread(pages.server, credentials);
      await addMessages(pages.server, credentials, [{ MessageThreadId: thread.Id, Text: 'Hello?' }]);
      await receiver.waitFor(1);

      const delivery = page.locator('#delivery-list > li').first();
      await delivery.locator('summary', { hasText: 'last answer 500' }).waitFor();
      await delivery.locator('summary').click();
      await delivery.getByText('StatusCode').first().waitFor();
      // The request as the receiver got it: its body, and its headers with the webhook-id.
      const [sent] = receiver.received;
      await expect(delivery.locator('dt', { hasText: /^Body$/ }).locator('xpath=following-sibling::dd[1]').textContent()).resolves.toBe(sent!.body);
      await expect(delivery.locator('dt', { hasText: /^Headers$/ }).locator('xpath=following-sibling::dd[1]').textContent()).resolves.toContain(`"webhook-id": "${sent!.headers['webhook-id']}"`);
      await delivery.getByRole('button', { name: 'Redeliver' }).click();
      await receiver.waitFor(2);
      await delivery.locator('summary', { hasText: /^Succeeded: MessageAdded \(1 event\), 2 attempts, last answer 200/ }).waitFor();
      // The list was read again under the open delivery: it stays open, with both attempts.
      await expect(delivery.locator('details').getAttribute('open')).resolves.toBe('');
      await expect(delivery.locator('.attempts > li').count()).resolves.toBe(2);
    } finally {
      await page.close();
    }
  });

  it('replies as the hotel, as the integration then sees through the Connector API, and resolves the thread', async () => {
    const thread = await addThread(pages.server, demo.a, { OriginalSender: 'Ada Guest', Subject: 'Towels' });
    const page = await pages.openPage('/console');
    try {
      await page.getByLabel('Sandbox', { exact: true }).selectOption(DEMO_SANDBOX_ID);
      await page.getByLabel('Conversation').locator('option', { hasText: 'Ada Guest: Towels' }).waitFor({ state: 'attached' });
      await page.getByLabel('Conversation').selectOption(thread.Id);
      await page.getByLabel('Message from the hotel').fill('Fresh towels are on their way.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').filter({ hasText: 'Sent as the hotel.' }).waitFor();
      await expect(page.getByLabel('Message from the hotel').inputValue()).resolves.toBe('');
      const messages = await getPage(pages.server, 'messages', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
      expect(messages.items[0]).toMatchObject({ Text: 'Fresh towels are on their way.', Sender: { Discriminator: 'Enterprise', Value: null } });

      await page.getByRole('button', { name: 'Resolve' }).click();
      await page.getByLabel('Conversation').locator('option', { hasText: 'Ada Guest: Towels (resolved)' }).waitFor({ state: 'attached' });
      const threads = await getPage(pages.server, 'threads', { ...demo.a, MessageThreadIds: [thread.Id], Limitation: { Count: 1 } });
      expect(threads.items[0]?.IsResolved).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('says what happened when a reply cannot be sent, and keeps its text', async () => {
    await addThread(pages.server, demo.a, { OriginalSender: 'Ben Guest', Subject: 'Parking' });
    const page = await pages.openPage('/console', { before: async (page) => void (await page.route(adminApi('sandboxMessages/add'), (route) => route.abort())) });
    try {
      await page.getByLabel('Sandbox', { exact: true }).selectOption(DEMO_SANDBOX_ID);
      await page.getByLabel('Conversation').locator('option', { hasText: 'Ben Guest: Parking' }).waitFor({ state: 'attached' });
      await page.getByLabel('Message from the hotel').fill('Anyone there?');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('alert').filter({ hasText: 'The hotel could not do that: the server could not be reached.' }).waitFor();
      await expect(page.getByLabel('Message from the hotel').inputValue()).resolves.toBe('Anyone there?');
      await expect(page.getByRole('button', { name: 'Send' }).isEnabled()).resolves.toBe(true);
    } finally {
      await page.close();
    }
  });

  it('says so when the admin API cannot be reached, and shows the console once it can', async () => {
    const page = await pages.openPage('/console', {
      before: async (page) => void (await page.route(adminApi('applications/getAll'), (route) => route.abort())),
    });
    try {
      await page.getByRole('alert').filter({ hasText: 'Could not load the console: the server could not be reached.' }).waitFor();
      await page.unroute(adminApi('applications/getAll'));
      await page.getByRole('button', { name: 'Try again' }).click();
      await credential(page, 'ClientToken').first().waitFor();
      await page.getByRole('button', { name: 'Try again' }).waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  });

  it('works by keyboard alone: choosing a sandbox, copying, opening a delivery', async () => {
    const page = await pages.openPage('/console', { context: clipboard });
    try {
      await credential(page, 'ClientToken').first().waitFor();
      await tabTo(page, '#sandbox');
      await tabTo(page, '[aria-label="Copy AccessToken (Sandbox Enterprise B (net pricing, United States))"]');
      await page.keyboard.press('Enter');
      await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(demo.b.AccessToken);

      // The sandbox with the failed-then-redelivered delivery, chosen from the keyboard.
      await page.getByLabel('Sandbox', { exact: true }).focus();
      await page.keyboard.press('End');
      await page.locator('#delivery-list summary').first().waitFor();
      await tabTo(page, '#delivery-list summary');
      await page.keyboard.press('Enter');
      await page.locator('#delivery-list details[open]').waitFor();
      await tabTo(page, '#delivery-list button');
      await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Redeliver');
    } finally {
      await page.close();
    }
  });

  it('fits a phone\'s width', async () => {
    const page = await pages.openPage('/console', { viewport: PHONE });
    try {
      await credential(page, 'ClientToken').first().waitFor();
      await page.locator('#delivery-list li').first().waitFor();
      expect(await scrollsSideways(page)).toBe(false);
      await page.getByRole('button', { name: 'Copy ClientToken (demo)' }).isVisible();
    } finally {
      await page.close();
    }
  });

  it('shows a Connector request in the journal as it is made, with both bodies, its tokens masked', async () => {
    const sandbox = await addSandbox(pages, 'Journal tests');
    const page = await openSandbox(pages, sandbox);
    try {
      await journalIsLive(page);
      // From here on the page cannot read the journal again: what it shows next came over the live stream.
      const rereads = await refuseJournalReads(page);
      const thread = await addThread(pages.server, as(sandbox), { OriginalSender: 'Cleo Guest', Subject: 'Late check-in' });
      const entry = journalEntry(page, '200 POST messageThreads/add', thread.Id);
      await entry.locator('summary').click();
      const [request, response] = [entry.locator('pre').nth(0), entry.locator('pre').nth(1)];
      await request.getByText('"Subject": "Late check-in"').waitFor();
      const requestText = await request.textContent();
      expect(requestText).toContain(`"ClientToken": "••••${sandbox.ClientToken.slice(-4)}"`);
      expect(requestText).toContain(`"AccessToken": "••••${sandbox.Enterprises[0]!.AccessToken.slice(-4)}"`);
      await response.getByText(`"Id": "${thread.Id}"`).waitFor();
      // Only the credentials table shows them, as it is there to.
      const text = await textOutsideCredentials(page);
      expect(text).not.toContain(sandbox.ClientToken);
      expect(text).not.toContain(sandbox.Enterprises[0]!.AccessToken);
      expect(rereads()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('filters the live journal as it filters a reread', async () => {
    const sandbox = await addSandbox(pages, 'Journal filter tests');
    const page = await openSandbox(pages, sandbox);
    try {
      await journalIsLive(page);
      const first = await addThread(pages.server, as(sandbox), { OriginalSender: 'Guest', Subject: 'Unfiltered' });
      await journalEntry(page, '200 POST messageThreads/add', first.Id).waitFor();
      // The list empties once the filtered page is read.
      await page.getByLabel('Operation', { exact: true }).fill('messages/add');
      await page.locator('#journal-list').getByText('No requests match.').waitFor();

      const rereads = await refuseJournalReads(page);
      const thread = await addThread(pages.server, as(sandbox), { OriginalSender: 'Guest', Subject: 'Filtered' });
      await addMessages(pages.server, as(sandbox), [{ MessageThreadId: thread.Id, Text: 'Hello' }]);
      await journalEntry(page, '200 POST messages/add', thread.Id).waitFor();
      // The thread was streamed first: had the filter not held it back, it would be listed too.
      await expect(page.locator('#journal-list > li').count()).resolves.toBe(1);
      expect(rereads()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('says it is reconnecting when the journal stream drops, and shows what was recorded meanwhile once back', async () => {
    const sandbox = await addSandbox(pages, 'Journal reconnect tests');
    let down = true;
    let drops = 0;
    const page = await openSandbox(pages, sandbox, {
      before: async (page) => {
        await page.route(`**${ADMIN}/requests/stream?*`, (route) => {
          if (!down || !route.request().url().includes(sandbox.Id)) return route.continue();
          // The first time opened and at once ended, as a dropped connection; then not reached until it is back.
          if (drops++ > 0) return route.abort('connectionrefused');
          return route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 2000\n\n' });
        });
      },
    });
    try {
      await page.locator('#journal-status-line[data-state="reconnecting"]').getByText('Reconnecting…').waitFor();
      const missed = await addThread(pages.server, as(sandbox), { OriginalSender: 'Guest', Subject: 'While down' });
      // Recorded before the stream is back, so that only the reread on reconnecting can show it.
      await eventually(async () => (await adminCall(pages, 'requests/getAll', { SandboxId: sandbox.Id, Operation: 'messageThreads/add', Limitation: { Count: 1 } })).Requests.length === 1);
      down = false;
      await journalIsLive(page);
      await journalEntry(page, '200 POST messageThreads/add', missed.Id).waitFor();

      const rereads = await refuseJournalReads(page);
      const live = await addThread(pages.server, as(sandbox), { OriginalSender: 'Guest', Subject: 'Once back' });
      await journalEntry(page, '200 POST messageThreads/add', live.Id).waitFor();
      expect(rereads()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('adds a fault rule that a Connector request then meets, shows it fired, and removes it', async () => {
    const sandbox = await addSandbox(pages, 'Fault tests');
    const page = await openSandbox(pages, sandbox);
    try {
      await page.locator('#fault-list').getByText('No fault rules').waitFor();
      await page.getByLabel('Operation to fail').fill('messageThreads/add');
      await page.getByLabel('Answer with status').fill('429');
      await page.getByLabel('Times').fill('1');
      await page.getByRole('button', { name: 'Add fault rule' }).click();
      const rule = page.locator('#fault-list > li');
      await rule.getByText('messageThreads/add, answers 429, Retry-After 1 s, once: fired 0 times').waitFor();

      const thread = { ...as(sandbox), OriginalSender: 'Guest', Subject: 'Hello' };
      expect((await pages.server.post(ADD_THREAD, thread)).status).toBe(429);
      await rule.getByText('messageThreads/add, answers 429, Retry-After 1 s, once: fired once').waitFor();
      await page.locator('#journal-list summary', { hasText: /^429 POST messageThreads\/add .* · fault$/ }).waitFor();

      await page.getByRole('button', { name: 'Remove fault rule messageThreads/add' }).click();
      await page.locator('#fault-list').getByText('No fault rules').waitFor();
      expect((await adminCall(pages, 'faults/getAll', { SandboxId: sandbox.Id })).Faults).toEqual([]);
      expect((await pages.server.post(ADD_THREAD, thread)).status).toBe(200);
    } finally {
      await page.close();
    }
  });

  it('sets, advances and resumes the sandbox clock, which a new thread is stamped with', async () => {
    const sandbox = await addSandbox(pages, 'Clock tests');
    const page = await openSandbox(pages, sandbox);
    try {
      await page.locator('#clock-now', { hasText: /^Real time: / }).waitFor();
      await page.getByLabel('Set to (UTC)').fill('2026-01-15T09:30:00Z');
      await page.getByLabel('Frozen').check();
      await page.getByRole('button', { name: 'Set clock' }).click();
      await page.getByText('2026-01-15T09:30:00Z, frozen (not real time).').waitFor();
      await page.getByLabel('Advance by (seconds)').fill('3600');
      await page.getByRole('button', { name: 'Advance' }).click();
      await page.getByText('2026-01-15T10:30:00Z, frozen (not real time).').waitFor();

      const thread = await addThread(pages.server, as(sandbox));
      expect(thread.CreatedUtc).toBe('2026-01-15T10:30:00Z');

      await page.getByRole('button', { name: 'Back to real time' }).click();
      await page.locator('#clock-now', { hasText: /^Real time: / }).waitFor();
      const { Clock } = await adminCall(pages, 'clock/get', { SandboxId: sandbox.Id });
      expect(Clock).toMatchObject({ Frozen: false, IsRealTime: true });
    } finally {
      await page.close();
    }
  });

  it('updates the webhook behaviour and shows it as the server answers', async () => {
    const sandbox = await addSandbox(pages, 'Webhook behaviour tests');
    const page = await openSandbox(pages, sandbox);
    try {
      const current = page.locator('#behaviour-current');
      await current.getByText('Lag 0 ms + up to 0 ms, duplicates with probability 0, in order, none set to fail.').waitFor();
      await page.getByLabel('Lag (ms)').fill('500');
      await page.getByLabel('Lag jitter (ms)').fill('100');
      await page.getByLabel('Deliveries to fail').fill('3');
      await page.getByLabel('Failing with status').fill('502');
      await page.getByRole('button', { name: 'Update webhook behaviour' }).click();
      await current.getByText('Lag 500 ms + up to 100 ms, duplicates with probability 0, in order, the next 3 fail with 502.').waitFor();
      const { WebhookBehaviour } = await adminCall(pages, 'webhookBehaviour/get', { SandboxId: sandbox.Id });
      expect(WebhookBehaviour).toEqual({
        SandboxId: sandbox.Id,
        LagMs: 500,
        LagJitterMs: 100,
        FailNextCount: 3,
        FailNextStatus: 502,
        FailNextTimeout: false,
        DuplicateProbability: 0,
        Reorder: false,
      });

      // A timeout instead of a status, with the status field still filled in.
      await page.getByLabel('Deliveries to fail').fill('2');
      await page.getByLabel('As a timeout').check();
      await page.getByLabel('Reorder deliveries').check();
      await page.getByRole('button', { name: 'Update webhook behaviour' }).click();
      await current.getByText('Lag 500 ms + up to 100 ms, duplicates with probability 0, reordered, the next 2 fail by timeout.').waitFor();

      // Read again from the server, as a new page does.
      await page.reload();
      await page.getByLabel('Sandbox', { exact: true }).selectOption(sandbox.Id);
      await current.getByText('Lag 500 ms + up to 100 ms, duplicates with probability 0, reordered, the next 2 fail by timeout.').waitFor();
      await expect(page.getByLabel('Lag (ms)').inputValue()).resolves.toBe('500');
      await expect(page.getByLabel('Reorder deliveries').isChecked()).resolves.toBe(true);
    } finally {
      await page.close();
    }
  });
});

describePages('the console in production mode', { MODE: 'production', ADMIN_TOKEN: CONFIGURED_ADMIN_TOKEN }, (pages) => {
  it('asks for the admin token, refuses a wrong one, and shows the deliveries of each application', async () => {
    await adminCall(pages, 'applications/add', { Name: 'Booking engine' }, CONFIGURED_ADMIN_TOKEN);
    const page = await pages.openPage('/console');
    try {
      await page.getByLabel('Admin token').fill('not-the-admin-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'That admin token was refused.' }).waitFor();

      await page.getByLabel('Admin token').fill(CONFIGURED_ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Webhook deliveries' }).waitFor();
      // No sandbox API in production: the sandboxes' panels are not offered, and the choice is of applications.
      await expect(page.getByLabel('Application').locator('option').textContent()).resolves.toBe('Booking engine');
      await page.getByText('No webhook deliveries').waitFor();
      await expect(page.getByRole('heading', { name: 'Credentials' }).isHidden()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Reply as the hotel' }).isHidden()).resolves.toBe(true);
      for (const panel of ['Request journal', 'Fault rules', 'Webhook behaviour', 'Clock']) {
        await expect(page.getByRole('heading', { name: panel }).isHidden()).resolves.toBe(true);
      }

      // The token is kept for the tab: a reload stays signed in; signing out forgets it.
      await page.reload();
      await page.getByRole('heading', { name: 'Webhook deliveries' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Admin token').waitFor();
      await page.reload();
      await page.getByLabel('Admin token').waitFor();
    } finally {
      await page.close();
    }
  });
});
