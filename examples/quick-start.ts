import { ConnectorClient, ValidationError } from '@connector-messaging/client';

const client = new ConnectorClient({
  platformAddress: process.env.PLATFORM_ADDRESS ?? 'http://127.0.0.1:8080',
  clientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
  accessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
  client: 'Sample Client 1.0.0',
});

// The API's own objects, without ClientToken, AccessToken and Client: the client adds them.
const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Sample Customer', Subject: 'Sample Subject' });
const thread = MessageThreads[0]!;
await client.messages.add({
  Messages: [
    { MessageThreadId: thread.Id, Text: 'Hello, is breakfast included?', Identifier: 'Message 1' },
    { MessageThreadId: thread.Id, Text: 'We are two.', Identifier: 'Message 2' },
  ],
});

// Every message of the thread, newest first, page by page.
for await (const message of client.messages.iterate({ MessageThreadIds: [thread.Id], Limitation: { Count: 100 } })) {
  console.log(`${message.Sender.Discriminator}: ${message.Text}`);
}

try {
  await client.messages.add({ Messages: [{ MessageThreadId: thread.Id, Text: '' }] });
} catch (error) {
  if (!(error instanceof ValidationError)) throw error;
  console.log(`Refused (${error.status}, request ${error.requestId}): ${error.message}`);
}
