import type { Transaction } from 'kysely';
import { assignedActivity, messageAddedActivities, resolvedChangeActivity, threadAddedActivity } from '../domain/activity.ts';
import type { MessagingWriter } from '../domain/store.ts';
import type { Database } from './database.ts';
import type { DialectAdapter } from './dialect/dialect-adapter.ts';
import { insertActivities } from './repositories/activity-feed.repository.ts';
import { claimDueAutoReplies, scheduleAutoReplies } from './repositories/auto-reply.repository.ts';
import { insertMessages } from './repositories/message.repository.ts';
import {
  findMessageThreadsById,
  insertMessageThread,
  markMessageThreadsUpdated,
  updateMessageThreadAssignee,
  updateMessageThreadResolved,
} from './repositories/message-thread.repository.ts';
import { holdSandbox } from './repositories/sandbox.repository.ts';
import { drawIds, findSandboxOfEnterprise } from './repositories/sandbox-clock.repository.ts';
import { findStaffOf } from './repositories/staff.repository.ts';
import { recordMessageAddedEvents } from './repositories/webhook-event.repository.ts';

/**
 * The writes of one messaging transaction, and what each brings with it in that same transaction: a new thread its
 * activity, new messages their MessageAdded events (the outbox), their activities
 * and the auto-replies a guest message in a sandbox is due, a change of a thread's resolved state (by staff, or by a
 * message that reopens it) or of its assignee its activity. The one place where a write is composed of several, and
 * where every activity of messaging is recorded (a staff member's removal, an administrative write, records the
 * unassignments it makes); which activity a change brings the domain decides (`domain/activity.ts`) from what the
 * writes found.
 *
 * `locks` are the engine's row locks (see `holdSandbox`); `eventsRecorded` is called when the transaction wrote to the
 * webhook outbox.
 */
export function messagingWriter(
  trx: Transaction<Database>,
  locks: Pick<DialectAdapter, 'lockRows'>,
  eventsRecorded: () => void,
): MessagingWriter {
  return {
    holdSandbox: (id) => holdSandbox(trx, locks, id),
    drawIds: (sandbox, count) => drawIds(trx, sandbox, count),
    findSandboxOfEnterprise: (enterpriseId) => findSandboxOfEnterprise(trx, enterpriseId),
    insertMessageThread: async (thread) => {
      await insertMessageThread(trx, thread);
      await insertActivities(trx, [threadAddedActivity(thread)]);
    },
    findMessageThreadsById: (visibility, ids) => findMessageThreadsById(trx, visibility, ids),
    insertMessages: async (messages, threads) => {
      await insertMessages(trx, messages);
      const recorded = await recordMessageAddedEvents(trx, messages.map((message) => message.id), Date.now());
      if (recorded > 0) eventsRecorded();
      await insertActivities(trx, messageAddedActivities(messages, threads));
      await scheduleAutoReplies(trx, messages.filter((m) => m.sender === 'Application').map((m) => m.id), Date.now());
    },
    claimDueAutoReplies: (nowMs) => claimDueAutoReplies(trx, nowMs),
    markMessageThreadsUpdated: async (ids, updatedUtc) => {
      const reopened = await markMessageThreadsUpdated(trx, ids, updatedUtc);
      await insertActivities(trx, reopened.flatMap((thread) => resolvedChangeActivity(thread, true, false, updatedUtc) ?? []));
    },
    updateMessageThreadResolved: async ({ thread, isResolved, updatedUtc }) => {
      const changed = await updateMessageThreadResolved(trx, { id: thread.id, isResolved, updatedUtc });
      // Unchanged: it already was as asked.
      const activity = resolvedChangeActivity(thread, changed ? !isResolved : isResolved, isResolved, updatedUtc);
      if (activity) await insertActivities(trx, [activity]);
      return changed;
    },
    findStaffOf: (enterpriseId, staffId) => findStaffOf(trx, enterpriseId, staffId),
    updateMessageThreadAssignee: async ({ thread, staffId, at }) => {
      const changed = await updateMessageThreadAssignee(trx, { id: thread.id, staffId });
      if (changed) await insertActivities(trx, [assignedActivity(thread, at)]);
      return changed;
    },
  };
}
