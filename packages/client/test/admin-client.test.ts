import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import { AdminClient, AuthenticationError, ConnectorClient, ValidationError } from '../src/index.ts';

let server: TestServer;
let admin: AdminClient;
beforeAll(async () => {
  server = await startTestServer();
  admin = new AdminClient({ baseUrl: server.url, adminToken: 'sandbox-admin-token', retry: false });
});
afterAll(() => server?.close());

describe('AdminClient', () => {
  it('adds, lists, resets and removes a sandbox, whose tokens then stop working', async () => {
    const { Sandbox } = await admin.sandboxes.add({ Name: 'Admin client', EnterpriseCount: 1 });
    expect(Sandbox).toMatchObject({ Name: 'Admin client', Enterprises: [{ AccessToken: expect.any(String) }] });
    expect((await admin.sandboxes.getAll()).Sandboxes.map((s) => s.Id)).toContain(Sandbox.Id);
    const client = new ConnectorClient({
      platformAddress: server.url,
      clientToken: Sandbox.ClientToken,
      accessToken: Sandbox.Enterprises[0]!.AccessToken!,
      client: 'Admin client test 1.0',
      retry: false,
    });
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Hello' });
    const reply = await admin.sandboxMessages.add({ MessageThreadId: MessageThreads[0]!.Id, Text: 'Welcome' });
    expect(reply.Message).toMatchObject({ Text: 'Welcome', Sender: { Discriminator: 'Enterprise' } });
    expect((await admin.sandboxThreads.resolve({ MessageThreadId: MessageThreads[0]!.Id })).MessageThread.IsResolved).toBe(true);

    const { AutoReply } = await admin.autoReplies.add({ SandboxId: Sandbox.Id, Text: 'Soon', DelayMs: 1000 });
    expect((await admin.autoReplies.getAll({ SandboxId: Sandbox.Id })).AutoReplies).toEqual([AutoReply]);
    expect(await admin.autoReplies.remove({ AutoReplyId: AutoReply.Id })).toEqual({});

    expect((await admin.sandboxes.reset({ SandboxId: Sandbox.Id })).Sandbox.Id).toBe(Sandbox.Id);
    expect(await admin.sandboxes.remove({ SandboxId: Sandbox.Id })).toEqual({});
    await expect(client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Gone' })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('throws the client\'s errors: a bad input, a wrong token', async () => {
    const invalid = await admin.sandboxes.add({ EnterpriseCount: 11 }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).message).toBe('Invalid EnterpriseCount: must be <= 10.');
    const stranger = new AdminClient({ baseUrl: server.url, adminToken: 'wrong-token-0123456789', retry: false });
    await expect(stranger.sandboxes.getAll()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
