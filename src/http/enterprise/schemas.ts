import { Type, type Static } from 'typebox';
import { ASSIGNMENT_FILTERS, MAX_REPLY_LENGTH, MAX_SEARCH_LENGTH, MIN_MESSAGE_SEARCH_LENGTH } from '../../domain/inbox.ts';
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

/** A staff member as colleagues see them: on a reply they wrote, on a thread assigned to them, in the staff list. */
export const Colleague = Type.Object({ Id: Uuid, Name: NonEmptyString });

/** A message as the Connector API shows it, plus who of the staff wrote it. */
export const InboxMessage = Type.Object({
  ...Message.properties,
  Author: Nullable({
    ...Colleague,
    description:
      'The staff member who wrote an Enterprise message, named as they were then (also after their removal); null for the application\'s messages. The Connector API does not show it.',
  }),
});

/** A thread as the Connector API shows it, plus what the inbox lists with it. */
export const InboxMessageThread = Type.Object({
  ...MessageThread.properties,
  ApplicationId: Uuid,
  ApplicationName: Type.String({ description: 'The client application that created the thread.' }),
  IsUnread: Type.Boolean({ description: 'Whether the thread has news this staff member has not opened yet.' }),
  AssignedStaff: Nullable({ ...Colleague, description: 'The staff member the thread is assigned to; null: nobody.' }),
  LastMessage: Nullable(InboxMessage),
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
  Assignment: Type.Optional(
    Nullable(Type.Enum(ASSIGNMENT_FILTERS, { description: 'Mine: the threads assigned to the signed-in staff member; Unassigned: those of nobody; absent: any.' })),
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

export const MessageThreadAssignParameters = Type.Object({
  MessageThreadId: Uuid,
  StaffId: Nullable({ ...Uuid, description: 'A staff member of the enterprise (the signed-in one or a colleague); null unassigns the thread.' }),
});

export const MessageThreadAssignResult = Type.Object({
  MessageThread,
  AssignedStaff: Nullable(Colleague),
});

export const StaffGetAllResult = Type.Object({ StaffMembers: Type.Array(Colleague) });

export const MessageGetAllParameters = Type.Object({ MessageThreadId: Uuid, Limitation });

export const MessagesResult = Type.Object({
  Messages: Type.Array(InboxMessage),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest) message returned; null when the page is empty.' }),
});

export const MessageAddParameters = Type.Object({
  MessageThreadId: Uuid,
  Text: Type.String({ minLength: 1, maxLength: MAX_REPLY_LENGTH, description: 'The reply, as plain text.' }),
});

export const MessageResult = Type.Object({ Message: InboxMessage });

const QuickReplyText = Type.String({ minLength: 1, maxLength: MAX_REPLY_LENGTH, description: 'The reply text, as plain text.' });

export const QuickReply = Type.Object({ Id: Uuid, Text: NonEmptyString, CreatedUtc: UtcDateTime });
export const QuickRepliesResult = Type.Object({ QuickReplies: Type.Array(QuickReply) });
export const QuickReplyResult = Type.Object({ QuickReply });
export const QuickReplyAddParameters = Type.Object({ Text: QuickReplyText });
export const QuickReplyUpdateParameters = Type.Object({ QuickReplyId: Uuid, Text: QuickReplyText });
export const QuickReplyRemoveParameters = Type.Object({ QuickReplyId: Uuid });

export type InboxMessageThreadDto = Static<typeof InboxMessageThread>;
export type InboxMessageDto = Static<typeof InboxMessage>;
export type ColleagueDto = Static<typeof Colleague>;
export type QuickReplyDto = Static<typeof QuickReply>;
export type MessageThreadCountsDto = Static<typeof MessageThreadCounts>;
export type StaffDto = Static<typeof Staff>;
