import { Type, type Static } from 'typebox';
import { MAX_REPLY_LENGTH, MAX_SEARCH_LENGTH, MIN_MESSAGE_SEARCH_LENGTH } from '../../domain/inbox.ts';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../domain/staff.ts';
import { Limitation } from '../shared/schemas/limitation.ts';
import { Message } from '../shared/schemas/message.ts';
import { MessageThread } from '../shared/schemas/message-thread.ts';
import { NonEmptyString, Nullable, UtcDateTime, Uuid } from '../shared/schemas/primitives.ts';

/**
 * The enterprise API's request and response schemas; `MessageThread`, `Message` and `Limitation` are the Connector
 * API's (`../shared/schemas/`). As on the Connector API, requests ignore unknown properties.
 */

export const Staff = Type.Object({
  Id: Uuid,
  EnterpriseId: Uuid,
  EnterpriseName: NonEmptyString,
  Email: NonEmptyString,
  Name: NonEmptyString,
});

export const SessionAddParameters = Type.Object({
  Email: Type.String({ minLength: 1, maxLength: MAX_EMAIL_LENGTH, description: 'The staff member\'s email, case-insensitive.' }),
  Password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});

export const SessionResult = Type.Object({
  SessionToken: Type.String({ description: 'Send as `Authorization: Bearer <SessionToken>`; the same value is set as an HttpOnly cookie.' }),
  CsrfToken: Type.String({ description: 'Required in the `X-CSRF-Token` header of requests authenticated by the cookie.' }),
  ExpiresUtc: UtcDateTime,
  Staff,
});

export const CurrentSessionResult = Type.Object({
  CsrfToken: Type.String({ description: 'Required in the `X-CSRF-Token` header of requests authenticated by the cookie.' }),
  Staff,
});

export const EmptyParameters = Type.Object({});
export const EmptyResult = Type.Object({});

/** A thread as the Connector API shows it, plus what the inbox lists with it. */
export const InboxMessageThread = Type.Object({
  ...MessageThread.properties,
  IntegrationId: Uuid,
  IntegrationName: Type.String({ description: 'The integration that created the thread.' }),
  IsUnread: Type.Boolean({ description: 'Whether the thread has news this staff member has not opened yet.' }),
  LastMessage: Nullable(Message),
});

export const MessageThreadGetAllParameters = Type.Object({
  Limitation,
  IsResolved: Type.Optional(Nullable(Type.Boolean({ description: 'Only resolved (true) or unresolved (false) threads; absent: both.' }))),
  Search: Type.Optional(
    Nullable(
      Type.String({
        maxLength: MAX_SEARCH_LENGTH,
        description: `Text to find, case-insensitively and literally (no wildcards or operators), in the guest's name, the subject or, from ${MIN_MESSAGE_SEARCH_LENGTH} characters on, the text of any of the thread's messages.`,
      }),
    ),
  ),
});

const Count = Type.Integer({ minimum: 0 });

export const MessageThreadCounts = Type.Object(
  { Open: Count, Resolved: Count, All: Count },
  {
    description:
      'How many threads match the Search (all threads without one) in each state, whatever IsResolved asks for; given with the first page (no Limitation.Cursor), null on later pages.',
  },
);

export const MessageThreadsResult = Type.Object({
  MessageThreads: Type.Array(InboxMessageThread),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest activity) thread returned; null when the page is empty.' }),
  Counts: Nullable(MessageThreadCounts),
});

export const MessageThreadParameters = Type.Object({ MessageThreadId: Uuid });

export const MessageThreadResult = Type.Object({ MessageThread });

export const MessageGetAllParameters = Type.Object({ MessageThreadId: Uuid, Limitation });

export const MessagesResult = Type.Object({
  Messages: Type.Array(Message),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest) message returned; null when the page is empty.' }),
});

export const MessageAddParameters = Type.Object({
  MessageThreadId: Uuid,
  Text: Type.String({ minLength: 1, maxLength: MAX_REPLY_LENGTH, description: 'The reply, as plain text.' }),
});

export const MessageResult = Type.Object({ Message });

export type InboxMessageThreadDto = Static<typeof InboxMessageThread>;
export type MessageThreadCountsDto = Static<typeof MessageThreadCounts>;
export type StaffDto = Static<typeof Staff>;
