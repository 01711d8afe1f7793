import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUICK_REPLIES } from '../../../src/domain/quick-replies.ts';
import { startTestServer } from '../../helpers/server.ts';
import { enterpriseA } from '../../helpers/sandbox.ts';
import { addColleague } from './colleague.ts';
import { asStaff, signIn, staffB, useSignedInServer, type SignedIn } from './staff-client.ts';

const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('enterprise API: quickReplies', () => {
  const { server, a } = useSignedInServer();
  let b: SignedIn;
  beforeAll(async () => {
    b = await signIn(server(), staffB.email);
  });
  const texts = async (session: SignedIn) =>
    (await asStaff(server(), session, 'quickReplies/getAll', {})).body.QuickReplies.map((reply: { Text: string }) => reply.Text);

  it("adds, lists, updates and removes the enterprise's quick replies, shared by its staff, texts kept as sent", async () => {
    const hostile = '<b>Wi-Fi</b>: "hotel-guest" & password <script>x</script>\nSecond line';
    const added = await asStaff(server(), a(), 'quickReplies/add', { Text: hostile });
    expect(added.status).toBe(200);
    expect(added.body.QuickReply).toEqual({ Id: expect.any(String), Text: hostile, CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC) });
    const second = await asStaff(server(), a(), 'quickReplies/add', { Text: 'Breakfast is served from 7 to 10.' });

    const colleague = await addColleague(server(), enterpriseA, 'Pia Morning');
    const listed = await asStaff(server(), colleague, 'quickReplies/getAll', {});
    expect(listed.body).toEqual({ QuickReplies: [added.body.QuickReply, second.body.QuickReply] });

    const updated = await asStaff(server(), colleague, 'quickReplies/update', { QuickReplyId: second.body.QuickReply.Id, Text: 'Breakfast: 7 to 11.' });
    expect(updated.body.QuickReply).toEqual({ ...second.body.QuickReply, Text: 'Breakfast: 7 to 11.' });
    expect(await texts(a())).toEqual([hostile, 'Breakfast: 7 to 11.']);

    const removed = await asStaff(server(), a(), 'quickReplies/remove', { QuickReplyId: added.body.QuickReply.Id });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect(await texts(colleague)).toEqual(['Breakfast: 7 to 11.']);
  });

  it("never shows, changes or removes another enterprise's quick reply: Invalid QuickReplyId, nothing changed", async () => {
    const own = (await asStaff(server(), a(), 'quickReplies/add', { Text: 'Only for A' })).body.QuickReply;
    expect(await texts(b)).not.toContain('Only for A');
    for (const id of [own.Id, crypto.randomUUID()]) {
      const update = await asStaff(server(), b, 'quickReplies/update', { QuickReplyId: id, Text: 'Taken over' });
      expect(update.status).toBe(400);
      expect(update.body).toEqual({ Message: 'Invalid QuickReplyId', RequestId: update.headers.get('request-id'), Details: null });
      const remove = await asStaff(server(), b, 'quickReplies/remove', { QuickReplyId: id });
      expect(remove.status).toBe(400);
      expect(remove.body.Message).toBe('Invalid QuickReplyId');
    }
    expect(await texts(a())).toContain('Only for A');
    expect(await texts(a())).not.toContain('Taken over');
  });

  it('rejects bad input with 400 naming the parameter', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['quickReplies/add', {}, /^Invalid Text: the parameter is required/],
      ['quickReplies/add', { Text: '' }, /^Invalid Text: must not be empty/],
      ['quickReplies/add', { Text: ' \n ' }, /^Invalid Text: must not be blank/],
      ['quickReplies/add', { Text: 'x'.repeat(10_001) }, /^Invalid Text/],
      ['quickReplies/update', { QuickReplyId: 'nope', Text: 'x' }, /^Invalid QuickReplyId: must be a valid UUID/],
      ['quickReplies/update', { QuickReplyId: crypto.randomUUID() }, /^Invalid Text: the parameter is required/],
      ['quickReplies/remove', {}, /^Invalid QuickReplyId: the parameter is required/],
    ];
    for (const [operation, body, message] of cases) {
      const response = await asStaff(server(), a(), operation, body);
      expect(response.status, `${operation} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(response.body.Message).toMatch(message);
    }
  });

  it(`keeps at most ${MAX_QUICK_REPLIES} per enterprise, then refuses with Invalid Text`, async () => {
    const own = await startTestServer();
    try {
      const session = await signIn(own);
      for (let i = 0; i < MAX_QUICK_REPLIES; i++) expect((await asStaff(own, session, 'quickReplies/add', { Text: `Reply ${i}` })).status).toBe(200);
      const refused = await asStaff(own, session, 'quickReplies/add', { Text: 'One too many' });
      expect(refused.status).toBe(400);
      expect(refused.body.Message).toMatch(/^Invalid Text: an enterprise keeps at most/);
      // Another enterprise's count is its own.
      expect((await asStaff(own, await signIn(own, staffB.email), 'quickReplies/add', { Text: 'B has room' })).status).toBe(200);
    } finally {
      await own.close();
    }
  }, 60_000);
});
