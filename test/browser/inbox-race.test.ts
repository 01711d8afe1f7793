import { expect, it } from 'vitest';
import { getPage } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { api, describeInbox, focused, holdRequests, VIEWPORTS } from './inbox-browser.ts';

/** The race: the selection changes before its conversation has loaded; a reply must never change threads. */
describeInbox('the inbox under a slow network: replies', (inbox) => {
  async function staffReplies(threadId: string): Promise<string[]> {
    const messages = await getPage(inbox.server, 'messages', { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 10 } });
    return messages.items.filter((message) => message.Sender.Discriminator === 'Enterprise').map((message) => message.Text);
  }

  async function twoGuests(tag: string) {
    const ana = await inbox.addGuestThread(`Ana ${tag}`, 'Towels');
    await inbox.addGuestMessage(ana, `Ana ${tag} asks for towels.`);
    const ben = await inbox.addGuestThread(`Ben ${tag}`, 'Parking');
    await inbox.addGuestMessage(ben, `Ben ${tag} asks about parking.`);
    return { ana, ben };
  }

  for (const [name, viewport] of VIEWPORTS) {
    it(`shows the next thread loading and allows no reply until it is on screen, then replies there (${name})`, async () => {
      const tag = `Race ${name}`;
      const { ana, ben } = await twoGuests(tag);
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator('.thread', { hasText: `Ana ${tag}` }).click();
        await page.locator('.message', { hasText: `Ana ${tag} asks for towels.` }).waitFor();
        const slow = await holdRequests(page, api('messages/getAll'), (body) => body.MessageThreadId === ben);
        if (name === 'phone') await page.getByRole('button', { name: 'Back to conversations' }).click();
        await page.locator('.thread', { hasText: `Ben ${tag}` }).click();
        await slow.held;

        // Ana's conversation has left the screen; Ben's is shown loading, and nothing can be sent meanwhile.
        await page.getByText('Loading conversation…').waitFor();
        expect(await page.locator('.message', { hasText: `Ana ${tag}` }).count()).toBe(0);
        expect(await page.locator('#conversation-title').textContent()).toBe('Parking');
        expect(await page.getByLabel('Reply to the guest').isDisabled()).toBe(true);
        expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);

        await slow.release();
        await page.locator('.message', { hasText: `Ben ${tag} asks about parking.` }).waitFor();
        await expect.poll(() => page.getByLabel('Reply to the guest').isEnabled()).toBe(true);
        expect(await page.getByText('Loading conversation…').count()).toBe(0);
        await page.getByLabel('Reply to the guest').fill('Parking is free for guests.');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.locator('.message.from-staff', { hasText: 'Parking is free for guests.' }).waitFor();

        expect(await staffReplies(ben)).toEqual(['Parking is free for guests.']);
        expect(await staffReplies(ana)).toEqual([]);
      } finally {
        await page.close();
      }
    }, 90_000);
  }

  it('never renders a stale conversation over a newer choice, and replies where the keyboard is (keyboard only)', async () => {
    const tag = 'Stale kbd';
    const { ana, ben } = await twoGuests(tag);
    const page = await inbox.signedInPage();
    try {
      await page.getByLabel('Search').fill(tag);
      await expect.poll(() => page.locator('.thread').count()).toBe(2);
      // Latest activity first: Ben, then Ana. Ana's conversation is held back; Ben's is not.
      const slow = await holdRequests(page, api('messages/getAll'), (body) => body.MessageThreadId === ana);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(ben);
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe(ana);
      await page.keyboard.press('Enter');
      await slow.held;
      await page.getByText('Loading conversation…').waitFor();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await page.locator('.message', { hasText: `Ben ${tag} asks about parking.` }).waitFor();
      await expect.poll(() => focused(page)).toBe('reply');

      // Ana's answer arrives late: Ben's conversation stays, and the reply written now goes to Ben.
      const lateAnswer = page.waitForEvent('requestfinished', (request) => request.postDataJSON()?.MessageThreadId === ana);
      await slow.release();
      await lateAnswer;
      await page.keyboard.type('Ben, the garage is on the left.');
      await page.keyboard.press('Control+Enter');
      await page.locator('.message.from-staff', { hasText: 'the garage is on the left' }).waitFor();
      expect(await page.locator('#conversation-title').textContent()).toBe('Parking');
      expect(await page.locator('.message', { hasText: `Ana ${tag}` }).count()).toBe(0);
      expect(await staffReplies(ben)).toEqual(['Ben, the garage is on the left.']);
      expect(await staffReplies(ana)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
