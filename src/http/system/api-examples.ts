import type { Mode } from '../../config/config.ts';
import { formatUtc, type UtcSeconds } from '../../domain/time.ts';
import { SANDBOX_INTEGRATIONS, SANDBOX_MESSAGE, SANDBOX_MESSAGE_THREAD } from '../../store/sandbox-seed.ts';
import { toMessageDto } from '../shared/schemas/message.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';

/**
 * The request and response examples of the Connector API's operations in the served OpenAPI document. In sandbox and
 * development mode the requests carry the first demo integration's credentials (README, "Sandbox tenants"), so that
 * "Try it out" on /docs is answered 200 as it stands; in production they carry placeholders.
 */

const demo = SANDBOX_INTEGRATIONS[0]!;

/** The credentials every Connector request carries, under the names the Postman collection's variables take. */
export interface Credentials {
  readonly ClientToken: string;
  readonly AccessToken: string;
  readonly Client: string;
}

export function exampleCredentials(mode: Mode): Credentials {
  return mode === 'production'
    ? { ClientToken: 'Your ClientToken', AccessToken: 'Your AccessToken', Client: 'My App 1.0.0' }
    : { ClientToken: demo.clientToken, AccessToken: demo.accessToken, Client: 'Sample Client 1.0.0' };
}

/**
 * The thread `messages/add` and `messages/getAll` name: in sandbox mode the demo's seeded one, so that both are answered
 * with it; in production (no seed) a placeholder.
 */
function exampleThreadId(mode: Mode): string {
  return mode === 'production' ? 'Your MessageThreadId' : SANDBOX_MESSAGE_THREAD.id;
}

const sampleThread = toMessageThreadDto(SANDBOX_MESSAGE_THREAD);
const sampleMessage = toMessageDto(SANDBOX_MESSAGE);

export interface OperationExamples {
  readonly request: Record<string, unknown>;
  readonly response: Record<string, unknown>;
}

const DAY_S = 86_400;

/**
 * The examples by operation path. `now` places `messageThreads/getAll`'s interval around today (the last 30 days and
 * the next one, well within its 3 months), so that it finds the threads just added.
 */
export function connectorExamples(mode: Mode, now: UtcSeconds, prefix: string): Record<string, OperationExamples> {
  const credentials = exampleCredentials(mode);
  const threadId = exampleThreadId(mode);
  const today = now - (now % DAY_S);
  return {
    [`${prefix}/messageThreads/add`]: {
      request: { ...credentials, OriginalSender: 'Sample Customer', Subject: 'Sample Subject' },
      response: { MessageThreads: [sampleThread], Cursor: sampleThread.Id },
    },
    [`${prefix}/messageThreads/getAll`]: {
      request: {
        ...credentials,
        CreatedUtc: { StartUtc: formatUtc(today - 30 * DAY_S), EndUtc: formatUtc(today + DAY_S) },
        Limitation: { Count: 10, Cursor: null },
      },
      response: { MessageThreads: [sampleThread], Cursor: sampleThread.Id },
    },
    [`${prefix}/messages/add`]: {
      request: {
        ...credentials,
        Messages: [{ MessageThreadId: threadId, Text: 'Hello, is breakfast included?', Identifier: 'Message 1' }],
      },
      response: { Messages: [{ Identifier: 'Message 1', Message: sampleMessage }] },
    },
    [`${prefix}/messages/getAll`]: {
      request: { ...credentials, MessageThreadIds: [threadId], Limitation: { Count: 10, Cursor: null } },
      response: { Messages: [sampleMessage], Cursor: sampleMessage.Id },
    },
  };
}

export const ERROR_EXAMPLE = {
  Message: 'Invalid MessageThreadId',
  RequestId: '5b0c2a9e-7f14-4c3b-a8d6-1e9f0b2c3d4e',
  Details: null,
};

/** The webhooks this server sends, as a section of the reference's description (the served document is OpenAPI 3.0). */
export const WEBHOOKS_DESCRIPTION = `
## Webhooks

An integration receives two kinds of webhooks, each a \`POST\` with a JSON body; the receiver answers 2xx within 5 s
(\`WEBHOOK_TIMEOUT_MS\`), or the delivery is retried.

### MessageAdded

Sent to the integration's \`WebhookUrl\` for every message added to one of its threads, by itself or by the hotel's
staff. Events due together for one enterprise travel in one request (at most 500). The headers follow the Standard
Webhooks specification: \`webhook-id\` (the same on every retry), \`webhook-timestamp\` and \`webhook-signature\`
(\`v1,\` + base64 HMAC-SHA256 of \`id.timestamp.body\` with the integration's \`whsec_…\` secret).

\`\`\`json
{
  "EnterpriseId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  "IntegrationId": "7d79a4b5-ea2c-4a93-a7e3-c00a6f64b0e3",
  "Events": [{ "Discriminator": "MessageAdded", "Value": { "Id": "${SANDBOX_MESSAGE.id}" } }]
}
\`\`\`

Fetch the message with \`messages/getAll\`, using the AccessToken of that \`EnterpriseId\`.

### Integration webhooks

One request per event about the integration itself, sent to the application's integration-webhook URL: how a partner
learns that a hotel connected its application, and receives the new AccessToken.

\`\`\`json
{
  "Action": "IntegrationCreated",
  "Data": {
    "Enterprise": { "Id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "Name": "Sample Hotel" },
    "Service": null,
    "Requestor": null,
    "AccessToken": "9E5E84E9974D4F169662AB2200F27CB1-00B343A0DDA725CACAC028E38E3EABF",
    "CreatedUtc": "2019-12-13T14:42:52Z",
    "IsEnabled": true,
    "Integration": { "Id": "9e5e84e9-974d-4f16-9662-ab2200f27cb1", "Name": "WebhookTEST" }
  }
}
\`\`\`

| \`Action\` | when | \`Data\` |
| --- | --- | --- |
| \`IntegrationCreated\` | an enterprise connects the application | \`Enterprise\` {Id, Name}, \`Service\` (optional), \`Requestor\` ({Name, Email} or null), \`AccessToken\`, \`CreatedUtc\`, \`IsEnabled\`, \`Integration\` {Id, Name} |
| \`IntegrationEnabled\`, \`IntegrationDisabled\` | the connection is enabled or disabled | \`Integration\` |
| \`IntegrationCanceled\`, \`IntegrationReinstated\` | the enterprise cancels the connection, or takes it back | \`Integration\` |
| \`IntegrationDeleted\` | the connection is deleted | \`Integration\`, \`DeletedUtc\` |
| \`IntegrationApiKeyCreated\` | the connection's AccessToken is regenerated | \`Integration\`, \`ApiKey\` (the new AccessToken) |
`;
