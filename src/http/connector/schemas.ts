import { Type, type Static } from 'typebox';
import { MAX_FILTER_IDS, MESSAGE_THREAD_INTERVAL_MONTHS } from '../../domain/message-threads.ts';
import { MAX_MESSAGES_PER_ADD, MESSAGE_INTERVAL_MONTHS } from '../../domain/messages.ts';
import { Limitation } from '../shared/schemas/limitation.ts';
import { Message } from '../shared/schemas/message.ts';
import { MessageThread } from '../shared/schemas/message-thread.ts';
import { Nullable, Uuid } from '../shared/schemas/primitives.ts';

/**
 * The Connector API's request and response schemas, as in `connector-messaging.openapi.yaml`; `MessageThread`,
 * `Message` and `Limitation` are shared with the enterprise API (`../shared/schemas/`), and the limits are the domain's.
 * Request objects do not forbid unknown properties: the server ignores them, at any depth (CONTRACT.md, "What clients
 * send in practice").
 */

/** What every request carries: the application's ClientToken, the AccessToken of an integration or a portfolio, and the calling application's name and version. */
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

export const MessageThreadResult = Type.Object({
  MessageThreads: Type.Array(MessageThread),
  Cursor: Nullable({ ...Uuid, description: 'Unique identifier of the last and hence oldest message thread returned.' }),
});
export type MessageThreadResult = Static<typeof MessageThreadResult>;

function IdList(description: string) {
  return Type.Array(Uuid, { minItems: 1, maxItems: MAX_FILTER_IDS, description });
}

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

/** An operation's time filter, at most `maxMonths` long (the contract's `x-max-interval-in-months`, checked by the domain). */
function TimeFilter(interval: string, maxMonths: number, more = '') {
  return { ...TimeFilterInterval, description: `${interval} (at most ${maxMonths} month${maxMonths === 1 ? '' : 's'}).${more}` };
}

const EnterpriseIds = IdList(
  'If not specified, the operation returns data for all enterprises within scope of the Access Token.',
);

export const MessageThreadFilterParameters = Type.Object({
  ...ConnectorRequest,
  Limitation,
  EnterpriseIds: Type.Optional(Nullable(EnterpriseIds)),
  MessageThreadIds: Type.Optional(Nullable(IdList('Required if no other filter is provided.'))),
  CreatedUtc: Type.Optional(
    Nullable(
      TimeFilter(
        'Interval in which the MessageThread was created',
        MESSAGE_THREAD_INTERVAL_MONTHS,
        ' Required if no other filter is provided.',
      ),
    ),
  ),
  UpdatedUtc: Type.Optional(
    Nullable(
      TimeFilter(
        'Interval in which the MessageThread was updated',
        MESSAGE_THREAD_INTERVAL_MONTHS,
        ' Required if no other filter is provided.',
      ),
    ),
  ),
});
export type MessageThreadFilterParameters = Static<typeof MessageThreadFilterParameters>;

export const MessageFilterParameters = Type.Object({
  ...ConnectorRequest,
  Limitation,
  EnterpriseIds: Type.Optional(Nullable(EnterpriseIds)),
  MessageThreadIds: IdList('The threads whose messages are returned; ids of threads you did not create match nothing.'),
  CreatedUtc: Type.Optional(
    Nullable(TimeFilter('Interval in which the Message was created', MESSAGE_INTERVAL_MONTHS)),
  ),
});
export type MessageFilterParameters = Static<typeof MessageFilterParameters>;

export const MessageAddParameters = Type.Object({
  MessageThreadId: { ...Uuid, description: 'A message thread you created.' },
  // Documented, not checked: the route copies it into a missing MessageThreadId before validation (messages.ts), and
  // beside a MessageThreadId it is ignored as any unknown property is.
  ThreadId: Type.Optional(
    Type.Unknown({
      deprecated: true,
      description:
        'Older name of MessageThreadId (the reference\'s parameter table, 2022 to 2025): the thread\'s id, taken as MessageThreadId when that is missing or null, ignored otherwise.',
    }),
  ),
  Text: Type.String({ minLength: 1, description: 'Text of the message.' }),
  Identifier: Type.Optional(Nullable(Type.String({ description: 'Echoed in the result beside the created message.' }))),
});

export const MultipleMessageAddParameters = Type.Object({
  ...ConnectorRequest,
  Messages: Type.Array(MessageAddParameters, { minItems: 1, maxItems: MAX_MESSAGES_PER_ADD }),
});
export type MultipleMessageAddParameters = Static<typeof MultipleMessageAddParameters>;

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
