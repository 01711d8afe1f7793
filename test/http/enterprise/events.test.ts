import { describe, expect, it } from 'vitest';
import { demo } from '../../helpers/sandbox.ts';
import { createTestDatabase, startTestServer } from '../../helpers/server.ts';
import { addThread } from '../../helpers/connector.ts';
import { asStaff, openEventStream, signIn, staffB, useSignedInServer } from './staff-client.ts';

describe('enterprise API: live events', () => {
  const { server, a } = useSignedInServer();

  it('streams a thread created through the Connector API, then its reply and status changes, and nothing of another enterprise', async () => {
    const stream = await openEventStream(server().url, { authorization: `Bearer ${a().token}` });
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('request-id')).toBeTruthy();
      await addThread(server(), demo.b, { Subject: 'for B' });
      const thread = await addThread(server(), demo.a, { Subject: 'for A' });
      const added = await stream.next();
      expect(added.data).toEqual({ Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id, MessageId: null, CreatedUtc: thread.CreatedUtc });
      const guest = await server().post('/api/connector/v1/messages/add', {
        ...demo.a,
        Messages: [{ MessageThreadId: thread.Id, Text: 'Hi' }],
      });
      expect((await stream.next()).data).toMatchObject({
        Discriminator: 'MessageAdded',
        MessageId: guest.body.Messages[0].Message.Id,
      });
      const reply = await asStaff(server(), a(), 'messages/add', { MessageThreadId: thread.Id, Text: 'Hello' });
      await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
      await asStaff(server(), a(), 'messageThreads/reopen', { MessageThreadId: thread.Id });
      const [message, resolved, reopened] = [await stream.next(), await stream.next(), await stream.next()];
      expect(message.data).toMatchObject({ Discriminator: 'MessageAdded', MessageThreadId: thread.Id, MessageId: reply.body.Message.Id });
      expect(resolved.data).toMatchObject({ Discriminator: 'MessageThreadResolved', MessageThreadId: thread.Id });
      expect(reopened.data).toMatchObject({ Discriminator: 'MessageThreadReopened', MessageThreadId: thread.Id });
      expect(Number(reopened.id)).toBeGreaterThan(Number(added.id));
    } finally {
      stream.close();
    }
  });

  it('streams the reopening of a resolved thread by a guest message, as it does a staff reopen', async () => {
    const stream = await openEventStream(server().url, { authorization: `Bearer ${a().token}` });
    try {
      const thread = await addThread(server(), demo.a, { Subject: 'resolved, then the guest writes again' });
      await asStaff(server(), a(), 'messageThreads/resolve', { MessageThreadId: thread.Id });
      expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id });
      expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageThreadResolved', MessageThreadId: thread.Id });
      const guest = await server().post('/api/connector/v1/messages/add', {
        ...demo.a,
        Messages: [{ MessageThreadId: thread.Id, Text: 'One more question' }],
      });
      const [message, reopened] = [await stream.next(), await stream.next()];
      expect(message.data).toMatchObject({ Discriminator: 'MessageAdded', MessageThreadId: thread.Id, MessageId: guest.body.Messages[0].Message.Id });
      expect(reopened.data).toMatchObject({ Discriminator: 'MessageThreadReopened', MessageThreadId: thread.Id, MessageId: null });
      // Reopened once: another message to the open thread adds only itself.
      await server().post('/api/connector/v1/messages/add', { ...demo.a, Messages: [{ MessageThreadId: thread.Id, Text: 'Thanks' }] });
      expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageAdded', MessageThreadId: thread.Id });
    } finally {
      stream.close();
    }
  });

  it('authenticates the stream by the session cookie, which needs no anti-CSRF header for GET', async () => {
    const b = await signIn(server(), staffB.email);
    const stream = await openEventStream(server().url, { cookie: b.cookie });
    try {
      expect(stream.response.status).toBe(200);
      const thread = await addThread(server(), demo.b);
      expect((await stream.next()).data.MessageThreadId).toBe(thread.Id);
    } finally {
      stream.close();
    }
  });
});

describe('enterprise API: live events across server processes', () => {
  it('delivers a thread created through one server to a stream opened on another over the same database', async () => {
    const database = await createTestDatabase();
    const first = await startTestServer(database.env);
    const second = await startTestServer(database.env);
    try {
      const session = await signIn(first);
      const stream = await openEventStream(first.url, { authorization: `Bearer ${session.token}` });
      try {
        const thread = await addThread(second, demo.a, { Subject: 'through the other server' });
        expect((await stream.next()).data).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id });
      } finally {
        stream.close();
      }
    } finally {
      await first.close();
      await second.close();
      await database.drop();
    }
  });
});
