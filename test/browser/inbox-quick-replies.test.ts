import { expect, it } from 'vitest';
import { asStaff, signIn } from '../http/enterprise/staff-client.ts';
import { describeInbox, focused, VIEWPORTS } from './inbox-browser.ts';

describeInbox('the inbox: quick replies', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`inserts a quick reply with / in the reply box, filtered as typed, by keyboard; Escape closes only the list (${name})`, async () => {
      const session = await signIn(inbox.server);
      const hostile = `<b>Wi-Fi</b> ${name}: network "hotel", password <img src=x onerror="window.pwned=1">`;
      for (const Text of [`Breakfast ${name} is served from 7 to 10.`, hostile, `Checkout ${name} is at 11.`]) {
        expect((await asStaff(inbox.server, session, 'quickReplies/add', { Text })).status).toBe(200);
      }
      const thread = await inbox.addGuestThread(`Quinn ${name}`, 'Questions');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator(`[data-thread-id="${thread}"]`).click();
        await expect.poll(() => focused(page)).toBe('reply');
        await page.keyboard.type('/');
        const options = page.getByRole('listbox', { name: 'Quick replies' }).getByRole('option');
        await expect.poll(async () => (await options.allTextContents()).filter((text) => text.includes(name)).length).toBe(3);
        expect(await page.getByLabel('Reply to the guest').getAttribute('aria-expanded')).toBe('true');
        // Escape closes the list, not the conversation.
        await page.keyboard.press('Escape');
        await page.getByRole('listbox', { name: 'Quick replies' }).waitFor({ state: 'hidden' });
        expect(await page.locator('#conversation').isVisible()).toBe(true);
        expect(await page.getByLabel('Reply to the guest').getAttribute('aria-expanded')).toBe('false');

        await page.keyboard.press('Backspace');
        await page.keyboard.type(`/${name} `);
        await expect.poll(() => options.count()).toBe(3);
        await page.keyboard.type('wi-fi');
        await expect.poll(() => options.allTextContents()).toEqual([hostile]);
        expect(await options.first().getAttribute('aria-selected')).toBe('true');
        await page.keyboard.press('Enter');
        await page.getByRole('listbox', { name: 'Quick replies' }).waitFor({ state: 'hidden' });
        expect(await page.getByLabel('Reply to the guest').inputValue()).toBe(hostile);
        await page.keyboard.press('Control+Enter');
        const sent = page.locator('.message.from-staff .text', { hasText: 'Wi-Fi' });
        await sent.waitFor();
        expect(await sent.textContent()).toBe(hostile);
        // The live stream can show the message before the send is over; until then the box is disabled, and cleared
        // at its end: what is typed before is lost.
        const reply = page.getByLabel('Reply to the guest');
        await expect.poll(async () => [await reply.inputValue(), await reply.isEnabled(), await focused(page)]).toEqual(['', true, 'reply']);

        // The arrow keys choose among the matches.
        await page.keyboard.type(`/${name} is`);
        await expect.poll(() => options.count()).toBe(2);
        await page.keyboard.press('ArrowDown');
        expect(await page.getByLabel('Reply to the guest').getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
        await page.keyboard.press('Enter');
        expect(await page.getByLabel('Reply to the guest').inputValue()).toBe(`Checkout ${name} is at 11.`);
        expect(await page.locator('.inbox img, .inbox b').count()).toBe(0);
        expect(await page.evaluate('window.pwned')).toBeUndefined();
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`adds and removes quick replies in their dialog, by keyboard, for the whole enterprise (${name}, keyboard only)`, async () => {
      const thread = await inbox.addGuestThread(`Rosa ${name}`, 'Spa');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.locator(`[data-thread-id="${thread}"]`).click();
        await expect.poll(() => focused(page)).toBe('reply');
        await page.getByRole('button', { name: 'Quick replies' }).focus();
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Quick replies' });
        await dialog.waitFor();
        expect(await focused(page)).toBe('new-quick-reply');
        const text = `The spa ${name} opens at 9.\nBook at the front desk.`;
        await page.keyboard.type(`The spa ${name} opens at 9.`);
        await page.keyboard.press('Shift+Enter');
        await page.keyboard.type('Book at the front desk.');
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe('add-quick-reply');
        await page.keyboard.press('Enter');
        const saved = dialog.locator('.saved-quick-reply', { hasText: `The spa ${name}` });
        await saved.waitFor();
        expect(await saved.locator('.text').textContent()).toBe(text);
        // Stored for the enterprise: the API lists it.
        const session = await signIn(inbox.server);
        const listed = async () => (await asStaff(inbox.server, session, 'quickReplies/getAll', {})).body.QuickReplies.map((reply: { Text: string }) => reply.Text);
        expect(await listed()).toContain(text);

        // Escape closes the dialog and leaves the conversation open.
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        expect(await page.locator('#conversation').isVisible()).toBe(true);
        await page.getByLabel('Reply to the guest').focus();
        await page.keyboard.type(`/spa ${name}`);
        await expect.poll(() => page.getByRole('listbox', { name: 'Quick replies' }).getByRole('option').allTextContents()).toEqual([text]);
        await page.keyboard.press('Enter');
        expect(await page.getByLabel('Reply to the guest').inputValue()).toBe(text);

        await page.getByRole('button', { name: 'Quick replies' }).focus();
        await page.keyboard.press('Enter');
        await dialog.waitFor();
        await dialog.getByRole('button', { name: `Remove quick reply: The spa ${name}` }).focus();
        await page.keyboard.press('Enter');
        await saved.waitFor({ state: 'detached' });
        expect(await listed()).not.toContain(text);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
