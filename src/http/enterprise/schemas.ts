import { Type, type Static } from 'typebox';
import { Message, MessageThread } from '../connector/schemas.ts';
import { NonEmptyString, Nullable, UtcDateTime, Uuid } from '../shared/schemas.ts';

/**
 * The enterprise API's request and response schemas. As on the Connector API, requests ignore unknown properties.
 */

export const Limitation = Type.Object(
  {
    Count: Type.Integer({ minimum: 1, maximum: 1000, description: 'How many items to return, 1 to 1000.' }),
    Cursor: Type.Optional(Nullable({ ...Uuid, description: 'The Cursor of the previous page; null or absent starts with the newest.' })),
  },
  { description: 'Pagination: newest first, the next page continues after the Cursor.' },
);

export const Staff = Type.Object({
  Id: Uuid,
  EnterpriseId: Uuid,
  EnterpriseName: NonEmptyString,
  Email: NonEmptyString,
  Name: NonEmptyString,
});

export const SessionAddParameters = Type.Object({
  Email: Type.String({ minLength: 1, maxLength: 320, description: 'The staff member\'s email, case-insensitive.' }),
  Password: Type.String({ minLength: 1, maxLength: 1024 }),
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
    Nullable(Type.String({ maxLength: 200, description: 'Case-insensitive text to find in the guest\'s name or the subject.' })),
  ),
});

export const MessageThreadsResult = Type.Object({
  MessageThreads: Type.Array(InboxMessageThread),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest activity) thread returned; null when the page is empty.' }),
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
  Text: Type.String({ minLength: 1, maxLength: 10000, description: 'The reply, as plain text.' }),
});

export const MessageResult = Type.Object({ Message });

export type InboxMessageThreadDto = Static<typeof InboxMessageThread>;
export type StaffDto = Static<typeof Staff>;
