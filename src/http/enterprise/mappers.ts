import type { InboxThreadCounts } from '../../domain/enterprise-store.ts';
import type { InboxThread } from '../../domain/inbox.ts';
import type { StaffMember } from '../../domain/staff-sessions.ts';
import { toMessageDto } from '../shared/schemas/message.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';
import type { InboxMessageThreadDto, MessageThreadCountsDto, StaffDto } from './schemas.ts';

export function toStaffDto(staff: StaffMember): StaffDto {
  return { Id: staff.id, EnterpriseId: staff.enterpriseId, EnterpriseName: staff.enterpriseName, Email: staff.email, Name: staff.name };
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

export function toThreadCountsDto(counts: InboxThreadCounts): MessageThreadCountsDto {
  return { Open: counts.open, Resolved: counts.resolved, All: counts.open + counts.resolved };
}
