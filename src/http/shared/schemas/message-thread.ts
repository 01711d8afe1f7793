import { Type, type Static } from 'typebox';
import type { MessageThread as DomainMessageThread } from '../../../domain/model.ts';
import { formatUtc } from '../../../domain/time.ts';
import { NonEmptyString, UtcDateTime, Uuid } from './primitives.ts';

/** A thread as the Connector API and the enterprise API show it: its schema and its one mapping from the domain. */
export const MessageThread = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the message thread.' },
  OriginalSender: NonEmptyString,
  Subject: NonEmptyString,
  CreatedUtc: UtcDateTime,
  UpdatedUtc: UtcDateTime,
  IsResolved: Type.Boolean({ description: 'Whether the message thread is resolved.' }),
});
export type MessageThread = Static<typeof MessageThread>;

export function toMessageThreadDto(thread: DomainMessageThread): MessageThread {
  return {
    Id: thread.id,
    OriginalSender: thread.originalSender,
    Subject: thread.subject,
    CreatedUtc: formatUtc(thread.createdUtc),
    UpdatedUtc: formatUtc(thread.updatedUtc),
    IsResolved: thread.isResolved,
  };
}
