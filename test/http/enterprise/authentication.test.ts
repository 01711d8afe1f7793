import { beforeAll, describe, expect, it } from 'vitest';
import { addThread } from '../../helpers/connector.ts';
import { ENTERPRISE, signIn, useSignedInServer } from './staff-client.ts';

describe('enterprise API: authentication and CSRF defence', () => {
  const { server, a: session } = useSignedInServer();
  let threadId: string;
  beforeAll(async () => {
    threadId = (await addThread(server())).Id;
  });

  const resolve = (headers: Record<string, string>) =>
    server().post(`${ENTERPRISE}/messageThreads/resolve`, { MessageThreadId: threadId }, headers);

  it('answers 401 without a session, with a bad token, or with another scheme', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic dXNlcjpwYXNz' }, { cookie: 'inbox_session=nope' }];
    for (const headers of attempts) {
      const response = await server().post(`${ENTERPRISE}/messageThreads/getAll`, { Limitation: { Count: 1 } }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.body.RequestId).toBe(response.headers.get('request-id'));
    }
    const events = await fetch(`${server().url}${ENTERPRISE}/events`);
    expect(events.status).toBe(401);
    expect(((await events.json()) as { Message: string }).Message).toMatch(/Sign in first/);
  });

  it('refuses a cookie-authenticated change without the X-CSRF-Token header: 403, nothing changed', async () => {
    const response = await resolve({ cookie: session().cookie });
    expect(response.status).toBe(403);
    expect(response.body.Message).toMatch(/X-CSRF-Token/);
    const row = await server().database.selectFrom('message_threads').select('is_resolved').where('id', '=', threadId).executeTakeFirst();
    expect(row?.is_resolved).toBe(0);
  });

  it('refuses a wrong anti-CSRF token, or the token of another session', async () => {
    const other = await signIn(server());
    expect((await resolve({ cookie: session().cookie, 'x-csrf-token': 'guess' })).status).toBe(403);
    expect((await resolve({ cookie: session().cookie, 'x-csrf-token': other.csrf })).status).toBe(403);
    expect((await server().post(`${ENTERPRISE}/messageThreads/getAll`, { Limitation: { Count: 1 } }, { cookie: session().cookie })).status).toBe(403);
  });

  it('accepts the cookie with its session\'s token, and a bearer token without one', async () => {
    const byCookie = await resolve({ cookie: session().cookie, 'x-csrf-token': session().csrf });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.MessageThread.IsResolved).toBe(true);
    const byBearer = await server().post(`${ENTERPRISE}/messageThreads/reopen`, { MessageThreadId: threadId }, { authorization: `Bearer ${session().token}` });
    expect(byBearer.status).toBe(200);
    expect(byBearer.body.MessageThread.IsResolved).toBe(false);
  });

  it('requires the token for signing out by cookie too', async () => {
    const own = await signIn(server());
    expect((await server().post(`${ENTERPRISE}/sessions/remove`, {}, { cookie: own.cookie })).status).toBe(403);
    expect((await server().post(`${ENTERPRISE}/sessions/remove`, {}, { cookie: own.cookie, 'x-csrf-token': own.csrf })).status).toBe(200);
  });
});
