import { expect, it } from 'vitest';
import { SANDBOX_STAFF } from '../../src/store/sandbox-seed.ts';
import { enterpriseA } from '../helpers/sandbox.ts';
import { addColleague } from '../http/enterprise/colleague.ts';
import { describeInbox, focused, VIEWPORTS } from './inbox-browser.ts';

const receptionist = SANDBOX_STAFF[0];

describeInbox('the inbox: assignment and staff names', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`assigns a thread to oneself and lists it under Mine, the others under Unassigned (${name}, keyboard only)`, async () => {
      const tag = `Assign ${name}`;
      const mine = await inbox.addGuestThread(`Mila ${tag}`, 'Towels');
      const other = await inbox.addGuestThread(`Otto ${tag}`, 'Parking');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.getByLabel('Search').fill(tag);
        await expect.poll(() => page.locator('.thread').count()).toBe(2);
        await expect.poll(() => page.locator('.thread .assignee').allTextContents()).toEqual(['Unassigned', 'Unassigned']);
        // By keyboard: from the search box to the list, down to Mila's row, open it.
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe(other);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await expect.poll(() => focused(page)).toBe('reply');
        await page.getByRole('button', { name: 'Assign to me' }).focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => page.getByLabel('Assigned to').inputValue()).toBe(receptionist.id);
        await page.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'hidden' });
        await page.keyboard.press('Escape');
        await page.locator('#threads-pane').waitFor({ state: 'visible' });
        await expect.poll(() => page.locator(`[data-thread-id="${mine}"] .assignee`).textContent()).toBe('Assigned to you');

        await page.getByLabel('Assigned', { exact: true }).selectOption('Mine');
        await expect.poll(() => page.locator('.thread').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-thread-id')))).toEqual([mine]);
        await page.getByLabel('Assigned', { exact: true }).selectOption('Unassigned');
        await expect.poll(() => page.locator('.thread').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-thread-id')))).toEqual([other]);
        await page.getByLabel('Search').fill(`nobody ${tag}`);
        await page.locator('#threads-status', { hasText: `No threads match “nobody ${tag}”` }).waitFor();
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`shows an assignment live in a colleague's open inbox, and a reply under its writer's name (${name})`, async () => {
      const colleague = await addColleague(inbox.server, enterpriseA, `Nadia ${name}`);
      const thread = await inbox.addGuestThread(`Live ${name}`, 'Shuttle');
      await inbox.addGuestMessage(thread, 'When is the shuttle?');
      const theirs = await inbox.signedInPage({ viewport, account: colleague });
      const mine = await inbox.signedInPage({ viewport });
      try {
        const row = theirs.locator(`[data-thread-id="${thread}"]`);
        await row.locator('.assignee', { hasText: 'Unassigned' }).waitFor();

        await mine.locator(`[data-thread-id="${thread}"]`).click();
        await mine.locator('.message.from-guest', { hasText: 'When is the shuttle?' }).waitFor();
        await mine.getByLabel('Assigned to').selectOption(colleague.id);
        // The colleague's inbox was not reloaded: the live events brought it.
        await row.locator('.assignee', { hasText: 'Assigned to you' }).waitFor();
        await mine.locator(`[data-thread-id="${thread}"] .assignee`, { hasText: `Assigned to ${colleague.name}` }).waitFor({ state: name === 'phone' ? 'attached' : 'visible' });

        await mine.getByLabel('Reply to the guest').fill('Every half hour from 6.');
        await mine.getByRole('button', { name: 'Send' }).click();
        await mine.locator('.message.from-staff', { hasText: 'Every half hour' }).locator('.author', { hasText: 'You' }).waitFor();

        await row.click();
        const reply = theirs.locator('.message.from-staff', { hasText: 'Every half hour from 6.' });
        await reply.waitFor();
        expect(await reply.locator('.author').textContent()).toBe(receptionist.name);
        expect(await theirs.getByLabel('Assigned to').inputValue()).toBe(colleague.id);
        expect(await theirs.getByRole('button', { name: 'Assign to me' }).isVisible()).toBe(false);
        // Unassigning in one inbox shows in the other's open conversation too.
        await theirs.getByLabel('Assigned to').selectOption('');
        await expect.poll(() => mine.getByLabel('Assigned to').inputValue()).toBe('');
      } finally {
        await theirs.close();
        await mine.close();
      }
    }, 90_000);
  }
});
