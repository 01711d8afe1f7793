import { Type, type Static } from 'typebox';
import { NonEmptyString, Nullable, UtcDateTime, Uuid } from '../shared/schemas.ts';

/**
 * The Connector API's request and response schemas, as in `connector-messaging.openapi.yaml`. Request objects do not
 * forbid unknown properties: the server ignores them, at any depth (CONTRACT.md, "What clients send in practice").
 */

/** What every request carries: the integration's credentials and the calling application's name and version. */
export const ConnectorRequest = {
  ClientToken: Type.String({ minLength: 1, description: 'Token identifying the client application.' }),
  AccessToken: Type.String({ minLength: 1, description: 'Access token of the client application.' }),
  Client: Type.String({ minLength: 1, description: 'Name and version of the client application.' }),
  LanguageCode: Type.Optional(Nullable(Type.String())),
  CultureCode: Type.Optional(Nullable(Type.String())),
};

export const MessageThreadAddParameters = Type.Object({
  ...ConnectorRequest,
  OriginalSender: Type.String({ minLength: 1, description: 'The sender of the original message in the thread.' }),
  Subject: Type.String({ minLength: 1, description: 'Subject of the message thread.' }),
  EnterpriseId: Type.Optional(
    Nullable({
      ...Uuid,
      description:
        'The enterprise the thread belongs to: required with a portfolio access token, else implied by the token.',
    }),
  ),
});
export type MessageThreadAddParameters = Static<typeof MessageThreadAddParameters>;

export const MessageThread = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the message thread.' },
  OriginalSender: NonEmptyString,
  Subject: NonEmptyString,
  CreatedUtc: UtcDateTime,
  UpdatedUtc: UtcDateTime,
  IsResolved: Type.Boolean({ description: 'Whether the message thread is resolved.' }),
});
export type MessageThread = Static<typeof MessageThread>;

export const MessageThreadResult = Type.Object({
  MessageThreads: Type.Array(MessageThread),
  Cursor: Nullable({ ...Uuid, description: 'Unique identifier of the last and hence oldest message thread returned.' }),
});
export type MessageThreadResult = Static<typeof MessageThreadResult>;
