import { MessageThreads } from './message-threads.ts';
import { Messages } from './messages.ts';
import { Transport, type TransportOptions } from './transport.ts';

export type ConnectorClientOptions = TransportOptions;

/**
 * The Connector API's customer-messaging operations, taking and returning the API's own objects without the three
 * credentials, which the client adds: `client.messageThreads.add({ OriginalSender, Subject })`.
 */
export class ConnectorClient {
  readonly messageThreads: MessageThreads;
  readonly messages: Messages;

  constructor(options: ConnectorClientOptions) {
    const transport = Transport.connector(options);
    this.messageThreads = new MessageThreads(transport);
    this.messages = new Messages(transport, this.messageThreads);
  }
}
