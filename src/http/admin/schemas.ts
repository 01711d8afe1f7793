import { Type, type Static } from 'typebox';
import { ConnectorApiExceptionResult, errorResponses, Nullable, UtcDateTime, Uuid } from '../shared/schemas.ts';

/**
 * The admin API's request and response schemas. As in the Connector API, request objects ignore unknown properties.
 * Rules beyond types (names not blank, URLs absolute, emails well formed) live in the domain, where the CLI shares them.
 */

const Name = Type.String({ minLength: 1, description: 'A display name; surrounding white space is removed.' });
const IsEnabled = Type.Boolean({
  description: 'Whether it is enabled; requests through a disabled one are answered 401 by the Connector API.',
});
const WEBHOOK_URL_DESCRIPTION =
  'Absolute http(s) URL that receives the general webhooks; it may carry a secret token of the receiver.';
const WebhookUrl = Type.String({ minLength: 1, description: WEBHOOK_URL_DESCRIPTION });

export const Enterprise = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the enterprise.' },
  Name: Type.String(),
  IsEnabled: Type.Boolean(),
});
export type Enterprise = Static<typeof Enterprise>;

export const Integration = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the integration.' },
  Name: Type.String(),
  ClientToken: Type.String({ description: 'The token the integration sends as ClientToken with every request.' }),
  WebhookUrl: Nullable(Type.String()),
  IsEnabled: Type.Boolean(),
  WebhookSecret: Type.Optional(
    Type.String({
      description:
        'The Standard Webhooks signing secret (`whsec_` + base64) of its webhook requests. Only in the answer of integrations/add and of integrations/update with RotateWebhookSecret: store it then.',
    }),
  ),
});
export type Integration = Static<typeof Integration>;

export const AccessToken = Type.Object({
  Value: Type.String({ description: 'The token the integration sends as AccessToken.' }),
  IntegrationId: Uuid,
  EnterpriseIds: Type.Array(Uuid, { description: 'The enterprises it reaches; more than one: a portfolio access token.' }),
  CreatedUtc: UtcDateTime,
  RevokedUtc: Nullable({ ...UtcDateTime, description: 'When it was revoked; null while it is valid.' }),
});
export type AccessToken = Static<typeof AccessToken>;

export const Staff = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the staff member.' },
  Email: Type.String({ description: 'Lower-cased; unique across all enterprises.' }),
  Name: Type.String(),
  EnterpriseId: Uuid,
});
export type Staff = Static<typeof Staff>;

export const Empty = Type.Object({});

export const EnterpriseAddParameters = Type.Object({ Name });
export const EnterpriseUpdateParameters = Type.Object({
  EnterpriseId: Uuid,
  Name: Type.Optional(Name),
  IsEnabled: Type.Optional(IsEnabled),
});
export const EnterpriseResult = Type.Object({ Enterprise });
export const EnterprisesResult = Type.Object({ Enterprises: Type.Array(Enterprise) });

export const IntegrationAddParameters = Type.Object({ Name, WebhookUrl: Type.Optional(Nullable(WebhookUrl)) });
export const IntegrationUpdateParameters = Type.Object({
  IntegrationId: Uuid,
  Name: Type.Optional(Name),
  WebhookUrl: Type.Optional(Nullable({ ...WebhookUrl, description: `${WEBHOOK_URL_DESCRIPTION} null removes it.` })),
  IsEnabled: Type.Optional(IsEnabled),
  RotateWebhookSecret: Type.Optional(
    Type.Boolean({ description: 'true: a new webhook signing secret replaces the old one at once, and is returned as WebhookSecret.' }),
  ),
});
export const IntegrationResult = Type.Object({ Integration });
export const IntegrationsResult = Type.Object({ Integrations: Type.Array(Integration) });

export const AccessTokenAddParameters = Type.Object({
  IntegrationId: Uuid,
  EnterpriseIds: Type.Array(Uuid, {
    minItems: 1,
    maxItems: 1000,
    description: 'The enterprises the token reaches; more than one makes a portfolio access token.',
  }),
});
export const AccessTokenGetAllParameters = Type.Object({ IntegrationId: Uuid });
export const AccessTokenRevokeParameters = Type.Object({
  AccessToken: Type.String({ minLength: 1, description: 'The value of the token to revoke.' }),
});
export const AccessTokenResult = Type.Object({ AccessToken });
export const AccessTokensResult = Type.Object({ AccessTokens: Type.Array(AccessToken) });

export const StaffAddParameters = Type.Object({
  EnterpriseId: Uuid,
  Email: Type.String({ minLength: 1, description: 'Stored lower-cased; must not belong to another staff member.' }),
  Password: Type.String({ minLength: 1, description: 'At least 8 characters; stored only as a slow salted hash.' }),
  Name,
});
export const StaffGetAllParameters = Type.Object({
  EnterpriseId: Type.Optional(Nullable({ ...Uuid, description: 'Only this enterprise\'s staff; all when absent.' })),
});
export const StaffRemoveParameters = Type.Object({ StaffId: Uuid });
export const StaffResult = Type.Object({ Staff });
export const StaffMembersResult = Type.Object({ StaffMembers: Type.Array(Staff) });

/** The error responses of every admin operation: the Connector API's, with 401 meaning the admin token. */
export const adminErrorResponses = {
  400: errorResponses[400],
  401: { ...ConnectorApiExceptionResult, description: 'The Authorization header does not carry the admin token.' },
  408: errorResponses[408],
  413: errorResponses[413],
  500: errorResponses[500],
};
