import { expect, it } from 'vitest';
import { getPage } from '../helpers/connector.ts';
import { demo } from '../helpers/sandbox.ts';
import { describeInbox, focused } from './inbox-browser.ts';

describeInbox('the inbox in a browser', (inbox) => {
  it('shows a thread created through the Connector API live, sends a reply and resolves, as the integration sees', async () => {
    const page = await inbox.signedInPage();
    try {
      await page.evaluate('window.loadedOnce = true');
      const threadId = await inbox.addGuestThread('Grace Live', 'Late check-in');
      await inbox.addGuestMessage(threadId, 'We will arrive at midnight.');
      const listed = page.locator('.thread', { hasText: 'Grace Live' });
      await listed.waitFor();
      await expect(listed.locator('.badge').first().textContent()).resolves.toBe('Unread');
      // The thread arrived without a reload: the page's own state survived.
      expect(await page.evaluate('window.loadedOnce')).toBe(true);

      await listed.click();
      await page.locator('.message.from-guest', { hasText: 'We will arrive at midnight.' }).waitFor();
      await page.getByLabel('Reply to the guest').fill('No problem, the night desk will have your key.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('.message.from-staff', { hasText: 'the night desk' }).waitFor();
      const messages = await getPage(inbox.server, 'messages', { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 10 } });
      expect(messages.items[0]).toMatchObject({
        Text: 'No problem, the night desk will have your key.',
        Sender: { Discriminator: 'Enterprise', Value: null },
      });

      await page.getByRole('button', { name: 'Mark resolved' }).click();
      await page.getByRole('button', { name: 'Reopen' }).waitFor();
      const threads = await getPage(inbox.server, 'threads', { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 1 } });
      expect(threads.items[0]?.IsResolved).toBe(true);
      // The open list drops it; the resolved filter shows it.
      await listed.waitFor({ state: 'detached' });
      await page.getByLabel('Show').selectOption('resolved');
      await page.locator('.thread', { hasText: 'Grace Live' }).waitFor();
    } finally {
      await page.close();
    }
  }, 90_000);

  it('renders hostile text from a guest as text and runs none of it', async () => {
    const page = await inbox.signedInPage();
    try {
      const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold?</b>';
      const threadId = await inbox.addGuestThread('<img src=x onerror="window.pwned=3">', '<svg onload="window.pwned=4">');
      await page.locator('.thread', { hasText: '<img src=x' }).click();
      await inbox.addGuestMessage(threadId, payload);
      const message = page.locator('.message.from-guest .text');
      await message.waitFor();
      expect(await message.textContent()).toBe(payload);
      expect(await page.locator('#conversation-title').textContent()).toBe('<svg onload="window.pwned=4">');
      expect(await page.locator('.inbox img, .inbox script, .inbox svg, .inbox b').count()).toBe(0);
      expect(await page.evaluate('window.pwned')).toBeUndefined();
    } finally {
      await page.close();
    }
  }, 90_000);

  it('works at phone width and by keyboard alone', async () => {
    await inbox.addGuestThread('Hugo Keys', 'Extra pillow');
    const page = await inbox.signedInPage({ viewport: { width: 375, height: 740 } });
    try {
      await page.getByLabel('Search').fill('hugo');
      const thread = page.locator('.thread', { hasText: 'Hugo Keys' });
      await expect.poll(() => page.locator('.thread').count()).toBe(1);
      await thread.waitFor();
      await page.getByLabel('Search').focus();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(await thread.getAttribute('data-thread-id'));
      await page.keyboard.press('Enter');
      // One pane at a time: the conversation replaces the list.
      await page.getByRole('button', { name: 'Back to conversations' }).waitFor();
      expect(await page.locator('#threads-pane').isVisible()).toBe(false);
      // Once the conversation has loaded, the keyboard lands in the reply box.
      await expect.poll(() => focused(page)).toBe('reply');
      await page.keyboard.type('Coming right up.');
      await page.keyboard.press('Control+Enter');
      await page.locator('.message.from-staff', { hasText: 'Coming right up.' }).waitFor();
      await page.keyboard.press('Escape');
      await page.locator('#threads-pane').waitFor({ state: 'visible' });
      // Nothing wider than the phone's screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('serves the inbox under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${inbox.server.url}/inbox/`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
