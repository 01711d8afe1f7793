import { expect, it } from 'vitest';
import { describeInbox, VIEWPORTS } from './inbox-browser.ts';

describeInbox('the inbox search over message text', (inbox) => {
  for (const [name, viewport] of VIEWPORTS) {
    it(`finds a thread by words of an earlier message, not only its guest name or subject (${name})`, async () => {
      const wanted = await inbox.addGuestThread(`Una Kettle ${name}`, 'Room 12');
      await inbox.addGuestMessage(wanted, `The kettle in room 12 (${name}) makes a 100% "odd" noise`);
      await inbox.addGuestMessage(wanted, 'Thank you!');
      const other = await inbox.addGuestThread(`Vic Other ${name}`, 'Room 14');
      await inbox.addGuestMessage(other, 'All good here');
      const page = await inbox.signedInPage({ viewport });
      try {
        await page.getByLabel('Search').fill(`(${name}) makes a 100% "odd`);
        await expect.poll(() => page.locator('.thread .guest').allTextContents()).toEqual([`Una Kettle ${name}`]);
        await page.locator('.thread').click();
        await page.locator('.message', { hasText: 'makes a 100% "odd" noise' }).waitFor();
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
