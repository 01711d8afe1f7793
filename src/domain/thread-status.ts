import type { EnterpriseStore } from './enterprise-store.ts';
import type { MessageThread, MessageThreadId } from './model.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessagingStore } from './store.ts';
import { findStaffThread } from './inbox.ts';
import { sandboxNowUtc } from './sandbox-clock.ts';
import type { UtcSeconds } from './time.ts';

/**
 * `messageThreads/resolve` and `messageThreads/reopen`: staff mark a thread of their enterprise done, or not
 * (`changeMessageThreadResolved`).
 */
export async function setMessageThreadResolved(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  messageThreadId: MessageThreadId,
  isResolved: boolean,
  now: UtcSeconds = sandboxNowUtc(staff.sandbox),
): Promise<MessageThread> {
  return changeMessageThreadResolved(stores.messaging, await findStaffThread(stores.enterprise, staff, messageThreadId), isResolved, now);
}

/**
 * Marks a thread the enterprise side found resolved or not. A change moves the thread's `UpdatedUtc`, so applications
 * that poll by `UpdatedUtc` see it, and tells staff (`resolvedChangeActivity`); setting the state it already has
 * changes nothing.
 */
export async function changeMessageThreadResolved(
  messaging: MessagingStore,
  thread: MessageThread,
  isResolved: boolean,
  now: UtcSeconds,
): Promise<MessageThread> {
  const changed = await messaging.write((writer) => writer.updateMessageThreadResolved({ thread, isResolved, updatedUtc: now }));
  return changed ? { ...thread, isResolved, updatedUtc: now } : thread;
}
