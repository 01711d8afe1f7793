import type { EnterpriseStore } from './enterprise-store.ts';
import { InvalidParameterError } from './errors.ts';
import { findStaffThread } from './inbox.ts';
import type { MessageThread, MessageThreadId, StaffId, StaffRef } from './model.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessagingStore } from './store.ts';
import { sandboxNowUtc } from './sandbox-clock.ts';
import type { UtcSeconds } from './time.ts';

/**
 * `messageThreads/assign`: gives a thread of the staff member's enterprise to one of its staff (themselves or a
 * colleague), or to nobody (`staffId` null). Every open inbox of the enterprise hears of it (`MessageThreadAssigned`);
 * the integration sees nothing (not even a new `UpdatedUtc`).
 *
 * @throws InvalidParameterError `Invalid MessageThreadId` for a thread of another enterprise, `Invalid StaffId` for
 *   a staff member who is not of this enterprise (or does not exist).
 */
export async function assignMessageThread(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly staffId: StaffId | null },
  now: UtcSeconds = sandboxNowUtc(staff.sandbox),
): Promise<{ thread: MessageThread; assignee: StaffRef | null }> {
  const thread = await findStaffThread(stores.enterprise, staff, input.messageThreadId);
  const assignee = await stores.messaging.write(async (writer) => {
    // Looked up in the transaction of the assignment, so that it never names someone removed meanwhile.
    const found = input.staffId === null ? null : await writer.findStaffOf(staff.enterpriseId, input.staffId);
    if (found === undefined) throw new InvalidParameterError('StaffId');
    await writer.updateMessageThreadAssignee({ thread, staffId: found?.id ?? null, at: now });
    return found;
  });
  return { thread, assignee };
}
