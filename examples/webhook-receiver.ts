/**
 * A MessageAdded webhook receiver: verifies each request's signature, answers at once, then reads each added message
 * with the client and hands it on. Run it beside a server whose application has this receiver's URL as its webhook:
 *
 *   WEBHOOK_SECRET=whsec_... PORT=3000 npx tsx examples/webhook-receiver.ts
 *
 * PLATFORM_ADDRESS, CLIENT_TOKEN and ACCESS_TOKEN default to a local sandbox server and the demo application's
 * enterprise A.
 */
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ConnectorClient, webhooks, type Message } from '@connector-messaging/client';

export interface WebhookReceiverOptions {
  client: ConnectorClient;
  /** The application's webhook signing secret (`whsec_…`). */
  secret: string;
  onMessage: (message: Message) => Promise<void> | void;
  /** Told about events whose message could not be read, so they can be looked into. */
  onError?: (error: unknown) => void;
}

export function webhookReceiver(options: WebhookReceiverOptions): Server {
  return createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let webhook: webhooks.VerifiedWebhook;
    try {
      // The raw body, exactly as received: its signature covers these bytes.
      webhook = webhooks.verify(options.secret, Buffer.concat(chunks), request.headers);
    } catch {
      response.writeHead(401).end();
      return;
    }
    // The sender waits at most 5 seconds and the lookup can take longer, so answer first. A receiver that must not
    // lose an event would store it durably before answering (and drop repeats by `webhook.id`).
    response.writeHead(204).end();
    for (const event of webhook.payload.Events.filter(webhooks.isMessageAdded)) {
      try {
        const message = await options.client.messages.fromEvent(event, {
          at: webhook.timestamp,
          EnterpriseId: webhook.payload.EnterpriseId,
        });
        if (message) await options.onMessage(message);
        else options.onError?.(new Error(`Message ${event.Value.Id} was not found.`));
      } catch (error) {
        options.onError?.(error);
      }
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error('Set WEBHOOK_SECRET to the application\'s webhook signing secret (whsec_...).');
  const client = new ConnectorClient({
    platformAddress: process.env.PLATFORM_ADDRESS ?? 'http://127.0.0.1:8080',
    clientToken: process.env.CLIENT_TOKEN ?? 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
    accessToken: process.env.ACCESS_TOKEN ?? 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
    client: 'Webhook Receiver Example 1.0.0',
  });
  const receiver = webhookReceiver({
    client,
    secret,
    onMessage: (message) => console.log(`${message.CreatedUtc} ${message.Sender.Discriminator}: ${message.Text}`),
    onError: (error) => console.error(error),
  });
  const port = Number(process.env.PORT ?? 3000);
  receiver.listen(port, '127.0.0.1', () => console.log(`Receiving webhooks on http://127.0.0.1:${port}/`));
}
