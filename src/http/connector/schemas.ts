import { Type, type Static } from 'typebox';
import { MAX_PAGE_COUNT } from '../../domain/pagination.ts';
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

/** At most this many ids in one filter (the contract's `maxItems`). */
const MAX_IDS = 1000;

function IdList(description: string) {
  return Type.Array(Uuid, { minItems: 1, maxItems: MAX_IDS, description });
}

export const Limitation = Type.Object(
  {
    Count: Type.Integer({ minimum: 1, maximum: MAX_PAGE_COUNT, description: 'Count of items to be returned, minimum 1, maximum 1000.' }),
    Cursor: Type.Optional(
      Nullable({
        ...Uuid,
        description:
          'Unique identifier of the item one newer in time order than the items to be returned. Null: the most recent items are returned.',
      }),
    ),
  },
  { description: 'Items come newest first; pass the previous response\'s Cursor to get the next older page.' },
);

/** Datetimes are parsed by the domain (any ISO 8601 form with an offset), so that a bad one names its parameter. */
export const TimeFilterInterval = Type.Object(
  {
    StartUtc: Type.Optional(Nullable(Type.String({ description: 'ISO 8601 datetime with an offset.' }))),
    EndUtc: Type.Optional(Nullable(Type.String({ description: 'ISO 8601 datetime with an offset.' }))),
  },
  {
    description:
      'If StartUtc equals EndUtc, the filter matches exactly that instant; otherwise it is the half-open interval StartUtc <= t < EndUtc. Both ends are required.',
  },
);

const EnterpriseIds = IdList(
  'If not specified, the operation returns data for all enterprises within scope of the Access Token.',
);

export const MessageThreadFilterParameters = Type.Object({
  ...ConnectorRequest,
  Limitation,
  EnterpriseIds: Type.Optional(Nullable(EnterpriseIds)),
  MessageThreadIds: Type.Optional(Nullable(IdList('Required if no other filter is provided.'))),
  CreatedUtc: Type.Optional(
    Nullable({ ...TimeFilterInterval, description: 'Interval in which the MessageThread was created (at most 3 months). Required if no other filter is provided.' }),
  ),
  UpdatedUtc: Type.Optional(
    Nullable({ ...TimeFilterInterval, description: 'Interval in which the MessageThread was updated (at most 3 months). Required if no other filter is provided.' }),
  ),
});
export type MessageThreadFilterParameters = Static<typeof MessageThreadFilterParameters>;

export const MessageFilterParameters = Type.Object({
  ...ConnectorRequest,
  Limitation,
  EnterpriseIds: Type.Optional(Nullable(EnterpriseIds)),
  MessageThreadIds: IdList('The threads whose messages are returned; ids of threads you did not create match nothing.'),
  CreatedUtc: Type.Optional(
    Nullable({ ...TimeFilterInterval, description: 'Interval in which the Message was created (at most 1 month).' }),
  ),
});
export type MessageFilterParameters = Static<typeof MessageFilterParameters>;

export const MessageAddParameters = Type.Object({
  MessageThreadId: { ...Uuid, description: 'A message thread you created.' },
  Text: Type.String({ minLength: 1, description: 'Text of the message.' }),
  Identifier: Type.Optional(Nullable(Type.String({ description: 'Echoed in the result beside the created message.' }))),
});

export const MultipleMessageAddParameters = Type.Object({
  ...ConnectorRequest,
  Messages: Type.Array(MessageAddParameters, { minItems: 1, maxItems: MAX_IDS }),
});
export type MultipleMessageAddParameters = Static<typeof MultipleMessageAddParameters>;

export const SenderCoproduct = Type.Object({
  Discriminator: Type.Union([Type.Literal('Enterprise'), Type.Literal('Application')], {
    description:
      'Enterprise: the message was created by an employee of the enterprise. Application: the message was created by the third party application.',
  }),
  Value: Type.Null({ description: 'Additional information about the sender. Currently not used and always null.' }),
});

export const Message = Type.Object({
  Id: Uuid,
  MessageThreadId: Uuid,
  Text: NonEmptyString,
  Sender: SenderCoproduct,
  CreatedUtc: UtcDateTime,
});
export type Message = Static<typeof Message>;

export const MessageResult = Type.Object({
  Messages: Type.Array(Message),
  Cursor: Nullable({ ...Uuid, description: 'Unique identifier of the last and hence oldest message returned.' }),
});
export type MessageResult = Static<typeof MessageResult>;

export const AddedMessage = Type.Object({
  Identifier: Nullable(Type.String()),
  Message,
});

export const AddedMessageResult = Type.Object({ Messages: Type.Array(AddedMessage) });
export type AddedMessageResult = Static<typeof AddedMessageResult>;

/** `Prefer: return=minimal` and an empty page: no body at all. */
export const EmptyPage = Type.Null({ description: 'An empty page, when the request asked for `Prefer: return=minimal`.' });
