import { expect, it } from 'vitest';
import { api, describeInbox, VIEWPORTS } from './inbox-browser.ts';

// The page's own globals, in functions that run in the browser (this project's TypeScript has no DOM library).
declare function getComputedStyle(element: unknown): any;

/** "r, g, b" of a computed colour, to tell green from a warning. */
function rgb(color: string): [number, number, number] {
  const [r, g, b] = color.match(/\d+/g)!.map(Number);
  return [r!, g!, b!];
}

describeInbox('the inbox when the server is away', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    for (const keyboard of [false, true]) {
      it(`says a failed reply was not sent and keeps its text (${name}${keyboard ? ', keyboard only' : ''})`, async () => {
        const guest = `Nina Fail ${name} ${keyboard}`;
        const threadId = await inbox.addGuestThread(guest, 'Spa');
        await inbox.addGuestMessage(threadId, 'Is the spa open?');
        const page = await inbox.signedInPage({ viewport });
        try {
          await page.locator('.thread', { hasText: guest }).click();
          await page.locator('.message', { hasText: 'Is the spa open?' }).waitFor();
          await page.route(api('messages/add'), (route) => route.abort('internetdisconnected'));
          const reply = page.getByLabel('Reply to the guest');
          await reply.fill('Until 22:00.');
          if (keyboard) await reply.press('Control+Enter');
          else await page.getByRole('button', { name: 'Send' }).click();
          const error = page.locator('#reply-error');
          await error.filter({ hasText: 'not sent' }).waitFor();
          const text = (await error.textContent()) ?? '';
          expect(text).toContain(`Your reply to ${guest} was not sent: the server could not be reached.`);
          expect(text).not.toContain('Failed to fetch');
          expect(await reply.inputValue()).toBe('Until 22:00.');

          await page.unroute(api('messages/add'));
          if (keyboard) await reply.press('Control+Enter');
          else await page.getByRole('button', { name: 'Send' }).click();
          await page.locator('.message.from-staff', { hasText: 'Until 22:00.' }).waitFor();
          expect(await error.textContent()).toBe('');
          expect(await reply.inputValue()).toBe('');
        } finally {
          await page.close();
        }
      }, 90_000);
    }
  }

  it('shows "Reconnecting…" as a warning, not in the colour of "Live"', async () => {
    const page = await inbox.signedInPage({
      waitForLive: false,
      before: async (page) => void (await page.route(api('events'), (route) => route.abort('connectionrefused'))),
    });
    try {
      const live = page.locator('#live');
      await live.filter({ hasText: 'Reconnecting…' }).waitFor();
      const reconnecting = await live.evaluate((node) => getComputedStyle(node).color);
      const [r, g, b] = rgb(reconnecting);
      expect(g > r && g > b, `"Reconnecting…" is green: ${reconnecting}`).toBe(false);
      await page.unroute(api('events'));
      await live.filter({ hasText: 'Live' }).waitFor();
      expect(await live.evaluate((node) => getComputedStyle(node).color)).not.toBe(reconnecting);
    } finally {
      await page.close();
    }
  }, 90_000);

  for (const [name, viewport] of VIEWPORTS) {
    it(`says so when a filter change cannot reach the server, and recovers (${name})`, async () => {
      await inbox.addGuestThread(`Olga Filter ${name}`, 'Late checkout');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator('.thread', { hasText: `Olga Filter ${name}` }).waitFor();
        await page.route(api('messageThreads/getAll'), (route) => route.abort('internetdisconnected'));
        await page.getByLabel('Show').selectOption('resolved');
        const alert = page.locator('#threads-status[role="alert"]');
        await alert.filter({ hasText: 'Could not load the conversations: the server could not be reached.' }).waitFor();
        await page.unroute(api('messageThreads/getAll'));
        await page.getByLabel('Show').selectOption('open');
        await page.locator('.thread', { hasText: `Olga Filter ${name}` }).waitFor();
        await alert.waitFor({ state: 'detached' });
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
