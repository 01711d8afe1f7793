import type { InboxThread } from '../../domain/inbox.ts';
import type { Message } from '../../domain/model.ts';
import type { StaffMember } from '../../domain/staff-sessions.ts';
import { formatUtc } from '../../domain/time.ts';
import { toMessageThreadDto } from '../connector/mappers.ts';
import type { InboxMessageThreadDto, MessageDto, StaffDto } from './schemas.ts';

export function toStaffDto(staff: StaffMember): StaffDto {
  return { Id: staff.id, EnterpriseId: staff.enterpriseId, EnterpriseName: staff.enterpriseName, Email: staff.email, Name: staff.name };
}

export function toMessageDto(message: Message): MessageDto {
  return {
    Id: message.id,
    MessageThreadId: message.messageThreadId,
    Text: message.text,
    Sender: { Discriminator: message.sender, Value: null },
    CreatedUtc: formatUtc(message.createdUtc),
  };
}

export function toInboxThreadDto(thread: InboxThread): InboxMessageThreadDto {
  return {
    ...toMessageThreadDto(thread),
    IntegrationId: thread.integrationId,
    IntegrationName: thread.integrationName,
    IsUnread: thread.isUnread,
    LastMessage: thread.lastMessage && toMessageDto(thread.lastMessage),
  };
}
