import type { InboxThreadCounts } from '../../domain/enterprise-store.ts';
import type { InboxThread } from '../../domain/inbox.ts';
import type { Message, StaffRef } from '../../domain/model.ts';
import type { QuickReply } from '../../domain/quick-replies.ts';
import type { StaffMember } from '../../domain/staff-sessions.ts';
import { formatUtc } from '../../domain/time.ts';
import { toMessageDto } from '../shared/schemas/message.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';
import type { ColleagueDto, InboxMessageDto, InboxMessageThreadDto, MessageThreadCountsDto, QuickReplyDto, StaffDto } from './schemas.ts';

export function toStaffDto(staff: StaffMember): StaffDto {
  return { Id: staff.id, EnterpriseId: staff.enterpriseId, EnterpriseName: staff.enterpriseName, Email: staff.email, Name: staff.name };
}

export function toColleagueDto(staff: StaffRef): ColleagueDto {
  return { Id: staff.id, Name: staff.name };
}

/** The Connector API's message and its author, which only staff see. */
export function toInboxMessageDto(message: Message): InboxMessageDto {
  return { ...toMessageDto(message), Author: message.author && toColleagueDto(message.author) };
}

export function toInboxThreadDto(thread: InboxThread): InboxMessageThreadDto {
  return {
    ...toMessageThreadDto(thread),
    ApplicationId: thread.applicationId,
    ApplicationName: thread.applicationName,
    IsUnread: thread.isUnread,
    AssignedStaff: thread.assignee && toColleagueDto(thread.assignee),
    LastMessage: thread.lastMessage && toInboxMessageDto(thread.lastMessage),
  };
}

export function toQuickReplyDto(reply: QuickReply): QuickReplyDto {
  return { Id: reply.id, Text: reply.text, CreatedUtc: formatUtc(reply.createdUtc) };
}

export function toThreadCountsDto(counts: InboxThreadCounts): MessageThreadCountsDto {
  return { Open: counts.open, Resolved: counts.resolved, All: counts.open + counts.resolved };
}
