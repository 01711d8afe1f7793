import type { Message, MessageThread } from '../../domain/model.ts';
import { formatUtc } from '../../domain/time.ts';
import type { Message as MessageDto, MessageThread as MessageThreadDto } from './schemas.ts';

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

/** A domain message as the Connector API shows it; `Sender.Value` is reserved and always null. */
export function toMessageDto(message: Message): MessageDto {
  return {
    Id: message.id,
    MessageThreadId: message.messageThreadId,
    Text: message.text,
    Sender: { Discriminator: message.sender, Value: null },
    CreatedUtc: formatUtc(message.createdUtc),
  };
}
