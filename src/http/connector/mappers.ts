import type { MessageThread } from '../../domain/model.ts';
import { formatUtc } from '../../domain/time.ts';
import type { MessageThread as MessageThreadDto } from './schemas.ts';

/** A domain thread as the Connector API shows it. */
export function toMessageThreadDto(thread: MessageThread): MessageThreadDto {
  return {
    Id: thread.id,
    OriginalSender: thread.originalSender,
    Subject: thread.subject,
    CreatedUtc: formatUtc(thread.createdUtc),
    UpdatedUtc: formatUtc(thread.updatedUtc),
    IsResolved: thread.isResolved,
  };
}
