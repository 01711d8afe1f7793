import { Type } from 'typebox';
import { MAX_WEBHOOK_URL_LENGTH } from '../../domain/applications.ts';
import { MAX_AUTO_REPLY_DELAY_MS } from '../../domain/auto-replies.ts';
import { MAX_REPLY_LENGTH } from '../../domain/inbox.ts';
import { MAX_NAME_LENGTH } from '../../domain/names.ts';
import { MAX_TOKEN_ENTERPRISES } from '../../domain/portfolio-access-tokens.ts';
import {
  DEFAULT_ENTERPRISE_COUNT,
  MAX_ENTERPRISE_COUNT,
  MAX_SEED_LENGTH,
  MAX_TIME_TO_LIVE_MINUTES,
} from '../../domain/sandboxes.ts';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/staff.ts';
import { Application } from '../shared/schemas/application.ts';
import { ConnectorApiExceptionResult, errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { Enterprise } from '../shared/schemas/enterprise.ts';
import { Integration } from '../shared/schemas/integration.ts';
import { Message } from '../shared/schemas/message.ts';
import { MessageThread } from '../shared/schemas/message-thread.ts';
import { PortfolioAccessToken } from '../shared/schemas/portfolio-access-token.ts';
import { Nullable, Uuid } from '../shared/schemas/primitives.ts';
import { Sandbox } from '../shared/schemas/sandbox.ts';
import { Staff } from '../shared/schemas/staff.ts';

/**
 * The admin API's request and response schemas; the resources it answers with are shared with the CLI
 * (`../shared/schemas/`). As in the Connector API, request objects ignore unknown properties. Rules beyond types
 * (names not blank, lengths, URLs absolute, emails well formed) live in the domain, where the CLI shares them; the
 * descriptions quote the domain's limits.
 */

const Name = Type.String({
  minLength: 1,
  description: `A display name of at most ${MAX_NAME_LENGTH} characters; surrounding white space is removed.`,
});
const IsEnabled = Type.Boolean({
  description: 'Whether it is enabled; requests through a disabled one are answered 401 by the Connector API.',
});
const WEBHOOK_URL_DESCRIPTION = `Absolute http(s) URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters that receives the general webhooks; it may carry a secret token of the receiver.`;
const WebhookUrl = Type.String({ minLength: 1, description: WEBHOOK_URL_DESCRIPTION });

export const Empty = Type.Object({});

export const EnterpriseAddParameters = Type.Object({ Name });
export const EnterpriseUpdateParameters = Type.Object({
  EnterpriseId: Uuid,
  Name: Type.Optional(Name),
  IsEnabled: Type.Optional(IsEnabled),
});
export const EnterpriseResult = Type.Object({ Enterprise });
export const EnterprisesResult = Type.Object({ Enterprises: Type.Array(Enterprise) });

const INTEGRATION_WEBHOOK_URL_DESCRIPTION = `Absolute http(s) URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters that receives the integration webhooks.`;
const IntegrationWebhookUrl = Type.String({ minLength: 1, description: INTEGRATION_WEBHOOK_URL_DESCRIPTION });

export const ApplicationAddParameters = Type.Object({
  Name,
  WebhookUrl: Type.Optional(Nullable(WebhookUrl)),
  IntegrationWebhookUrl: Type.Optional(Nullable(IntegrationWebhookUrl)),
});
export const ApplicationUpdateParameters = Type.Object({
  ApplicationId: Uuid,
  Name: Type.Optional(Name),
  WebhookUrl: Type.Optional(Nullable({ ...WebhookUrl, description: `${WEBHOOK_URL_DESCRIPTION} null removes it.` })),
  IntegrationWebhookUrl: Type.Optional(
    Nullable({ ...IntegrationWebhookUrl, description: `${INTEGRATION_WEBHOOK_URL_DESCRIPTION} null removes it.` }),
  ),
  IsEnabled: Type.Optional(IsEnabled),
  RotateWebhookSecret: Type.Optional(
    Type.Boolean({ description: 'true: a new webhook signing secret replaces the old one at once, and is returned as WebhookSecret.' }),
  ),
});
export const ApplicationResult = Type.Object({ Application });
export const ApplicationsResult = Type.Object({ Applications: Type.Array(Application) });

export const IntegrationAddParameters = Type.Object({
  ApplicationId: Uuid,
  EnterpriseId: { ...Uuid, description: 'An enterprise the application has no integration with yet.' },
  Requestor: Type.Optional(
    Nullable(
      Type.Object(
        { Name, Email: Type.String({ minLength: 1, description: `At most ${MAX_EMAIL_LENGTH} characters; stored lower-cased.` }) },
        { description: 'Who asked for the integration.' },
      ),
    ),
  ),
});
export const IntegrationGetAllParameters = Type.Object({
  ApplicationId: Type.Optional(Nullable({ ...Uuid, description: 'Only this application\'s integrations.' })),
  EnterpriseId: Type.Optional(Nullable({ ...Uuid, description: 'Only this enterprise\'s integrations.' })),
});
export const IntegrationUpdateParameters = Type.Object({
  IntegrationId: Uuid,
  IsEnabled: Type.Boolean({ description: 'Enables or disables it; a disabled integration\'s AccessToken is answered 401.' }),
});
export const IntegrationParameters = Type.Object({ IntegrationId: Uuid });
export const IntegrationResult = Type.Object({ Integration });
export const IntegrationsResult = Type.Object({ Integrations: Type.Array(Integration) });

export const PortfolioAccessTokenAddParameters = Type.Object({
  ApplicationId: Uuid,
  EnterpriseIds: Type.Array(Uuid, {
    minItems: 1,
    maxItems: MAX_TOKEN_ENTERPRISES,
    description: 'Enterprises the application has an integration with; the token reaches those whose integration is Enabled.',
  }),
});
export const PortfolioAccessTokenGetAllParameters = Type.Object({ ApplicationId: Uuid });
export const PortfolioAccessTokenRevokeParameters = Type.Object({ PortfolioAccessTokenId: Uuid });
export const PortfolioAccessTokenResult = Type.Object({ PortfolioAccessToken });
export const PortfolioAccessTokensResult = Type.Object({ PortfolioAccessTokens: Type.Array(PortfolioAccessToken) });

export const StaffAddParameters = Type.Object({
  EnterpriseId: Uuid,
  Email: Type.String({
    minLength: 1,
    description: `At most ${MAX_EMAIL_LENGTH} characters; stored lower-cased; must not belong to another staff member.`,
  }),
  Password: Type.String({
    minLength: 1,
    description: `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters; stored only as a slow salted hash.`,
  }),
  Name,
});
export const StaffGetAllParameters = Type.Object({
  EnterpriseId: Type.Optional(Nullable({ ...Uuid, description: 'Only this enterprise\'s staff; all when absent.' })),
});
export const StaffRemoveParameters = Type.Object({ StaffId: Uuid });
export const StaffResult = Type.Object({ Staff });
export const StaffMembersResult = Type.Object({ StaffMembers: Type.Array(Staff) });

export const SandboxAddParameters = Type.Object({
  Name: Type.Optional(Name),
  EnterpriseCount: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_ENTERPRISE_COUNT, description: `How many enterprises; ${DEFAULT_ENTERPRISE_COUNT} when absent.` }),
  ),
  WebhookUrl: Type.Optional(Nullable(WebhookUrl)),
  IntegrationWebhookUrl: Type.Optional(Nullable(IntegrationWebhookUrl)),
  Seed: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: MAX_SEED_LENGTH,
        description: 'The ids of the sandbox\'s threads, messages and webhooks are drawn from it: the same requests give the same ids. One sandbox\'s at a time.',
      }),
    ),
  ),
  TimeToLiveMinutes: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TIME_TO_LIVE_MINUTES,
        description: 'The expiry sweep removes the sandbox this long after its creation; absent or null: never.',
      }),
    ),
  ),
});
export const SandboxParameters = Type.Object({ SandboxId: Uuid });
export const SandboxResult = Type.Object({ Sandbox });
export const SandboxesResult = Type.Object({ Sandboxes: Type.Array(Sandbox) });

const SandboxThreadId = { ...Uuid, description: 'A thread in an enterprise of a sandbox (the demo sandbox included).' };
export const SandboxMessageAddParameters = Type.Object({
  MessageThreadId: SandboxThreadId,
  Text: Type.String({ minLength: 1, maxLength: MAX_REPLY_LENGTH, description: 'The reply, as plain text; not blank.' }),
});
export const SandboxThreadParameters = Type.Object({ MessageThreadId: SandboxThreadId });
export const MessageResult = Type.Object({ Message });
export const MessageThreadResult = Type.Object({ MessageThread });

export const AutoReply = Type.Object({
  Id: Uuid,
  SandboxId: Uuid,
  Text: Type.String({ description: 'The reply every guest message in the sandbox gets.' }),
  DelayMs: Type.Integer({ description: 'How long after the guest message the reply is written, in milliseconds.' }),
});
export const AutoReplyAddParameters = Type.Object({
  SandboxId: Uuid,
  Text: Type.String({ minLength: 1, maxLength: MAX_REPLY_LENGTH, description: 'The reply, as plain text; not blank.' }),
  DelayMs: Type.Integer({
    minimum: 0,
    maximum: MAX_AUTO_REPLY_DELAY_MS,
    description: `How long after each guest message the reply is written, 0 to ${MAX_AUTO_REPLY_DELAY_MS} milliseconds.`,
  }),
});
export const AutoReplyRemoveParameters = Type.Object({ AutoReplyId: Uuid });
export const AutoReplyResult = Type.Object({ AutoReply });
export const AutoRepliesResult = Type.Object({ AutoReplies: Type.Array(AutoReply) });

/** The error responses of every admin operation: the Connector API's, with 401 meaning the admin token. */
export const adminErrorResponses = {
  400: errorResponses[400],
  401: { ...ConnectorApiExceptionResult, description: 'The Authorization header does not carry the admin token.' },
  408: errorResponses[408],
  413: errorResponses[413],
  500: errorResponses[500],
};
