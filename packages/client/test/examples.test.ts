import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookReceiver } from '../../../examples/webhook-receiver.ts';
import { enterpriseA } from '../../../test/helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import type { ConnectorClient, Message } from '../src/index.ts';
import { connectorClient } from '../../../test/helpers/connector.ts';

const root = new URL('../../../', import.meta.url);
const secret = `whsec_${randomBytes(32).toString('base64')}`;

/** POSTs a webhook body to the receiver, signed with `signingSecret` by the `standardwebhooks` package. */
async function deliver(url: string, body: string, signingSecret = secret): Promise<number> {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const now = new Date();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(signingSecret).sign(id, now, body),
    },
    body,
  });
  return response.status;
}

describe('examples/webhook-receiver.ts', () => {
  let server: TestServer;
  let client: ConnectorClient;
  let receiverUrl: string;
  let close: () => Promise<void>;
  const received: Message[] = [];
  let onReceived: () => void = () => {};
  beforeAll(async () => {
    server = await startTestServer();
    client = connectorClient(server);
    const receiver = webhookReceiver({
      client,
      secret,
      onMessage: (message) => {
        received.push(message);
        onReceived();
      },
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    close = () => new Promise((resolve) => receiver.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    await server.close();
  });

  const envelope = (messageId: string) =>
    JSON.stringify({
      EnterpriseId: enterpriseA,
      IntegrationId: crypto.randomUUID(),
      Events: [{ Discriminator: 'MessageAdded', Value: { Id: messageId } }],
    });

  it('reads the message of a genuine MessageAdded webhook', async () => {
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'John Doe', Subject: 'Webhook' });
    const { Messages } = await client.messages.add({ Messages: [{ MessageThreadId: MessageThreads[0]!.Id, Text: 'Ping' }] });
    const arrived = new Promise<void>((resolve) => (onReceived = resolve));
    expect(await deliver(receiverUrl, envelope(Messages[0]!.Message.Id))).toBe(204);
    await arrived;
    expect(received).toEqual([Messages[0]!.Message]);
  });

  it('refuses a request signed with another secret, or tampered with', async () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(await deliver(receiverUrl, envelope(crypto.randomUUID()), other)).toBe(401);
    const response = await fetch(receiverUrl, { method: 'POST', body: envelope(crypto.randomUUID()) });
    expect(response.status).toBe(401);
  });
});

describe('examples/quick-start.ts', () => {
  it('is the README\'s example, verbatim', () => {
    const example = readFileSync(new URL('examples/quick-start.ts', root), 'utf8');
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('runs against a started server', { timeout: 120_000 }, async () => {
    const server = await startTestServer();
    try {
      const tsx = createRequire(import.meta.url).resolve('tsx/cli');
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, 'examples/quick-start.ts'], {
        cwd: fileURLToPath(root),
        env: { ...process.env, PLATFORM_ADDRESS: server.url },
      });
      expect(stdout.split('\n')).toEqual([
        'Application: We are two.',
        'Application: Hello, is breakfast included?',
        expect.stringMatching(/^Refused \(400, request .+\): Invalid Messages\[0\]\.Text/),
        '',
      ]);
    } finally {
      await server.close();
    }
  });
});
