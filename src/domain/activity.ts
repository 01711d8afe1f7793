import type { EnterpriseId, Message, MessageId, MessageThread, MessageThreadId } from './model.ts';
import type { UtcSeconds } from './time.ts';

/** What happened in an enterprise's inbox: what the live event stream tells its staff. */
export const ACTIVITY_DISCRIMINATORS = [
  'MessageThreadAdded',
  'MessageAdded',
  'MessageThreadResolved',
  'MessageThreadReopened',
  'MessageThreadAssigned',
] as const;
export type ActivityDiscriminator = (typeof ACTIVITY_DISCRIMINATORS)[number];

/** One entry of the activity feed, numbered in the order it was written. */
export interface Activity {
  readonly seq: number;
  readonly enterpriseId: EnterpriseId;
  readonly discriminator: ActivityDiscriminator;
  readonly messageThreadId: MessageThreadId;
  /** Set for `MessageAdded` only. */
  readonly messageId: MessageId | null;
  readonly createdUtc: UtcSeconds;
}

/** An activity to record, in the transaction of the change it tells of; the feed numbers it. */
export type NewActivity = Omit<Activity, 'seq'>;

type ThreadRef = Pick<MessageThread, 'id' | 'enterpriseId'>;

const ofThread = (thread: ThreadRef, discriminator: ActivityDiscriminator, createdUtc: UtcSeconds): NewActivity => ({
  enterpriseId: thread.enterpriseId,
  discriminator,
  messageThreadId: thread.id,
  messageId: null,
  createdUtc,
});

export function threadAddedActivity(thread: MessageThread): NewActivity {
  return ofThread(thread, 'MessageThreadAdded', thread.createdUtc);
}

/** A `MessageAdded` for each message, in their order; `threads` are the threads they went into. */
export function messageAddedActivities(messages: readonly Message[], threads: readonly ThreadRef[]): NewActivity[] {
  const enterpriseOf = new Map(threads.map((thread) => [thread.id, thread.enterpriseId]));
  return messages.map((message) => ({
    enterpriseId: enterpriseOf.get(message.messageThreadId)!,
    discriminator: 'MessageAdded',
    messageThreadId: message.messageThreadId,
    messageId: message.id,
    createdUtc: message.createdUtc,
  }));
}

/**
 * What a thread's IsResolved going from `wasResolved` to `isResolved` tells staff, whoever changed it (staff resolving
 * or reopening, or a message reopening it): resolved, reopened, or nothing when it stayed as it was.
 */
export function resolvedChangeActivity(
  thread: ThreadRef,
  wasResolved: boolean,
  isResolved: boolean,
  at: UtcSeconds,
): NewActivity | undefined {
  if (wasResolved === isResolved) return undefined;
  return ofThread(thread, isResolved ? 'MessageThreadResolved' : 'MessageThreadReopened', at);
}

/** A thread given to a staff member, or to nobody (unassigned, their removal included). */
export function assignedActivity(thread: ThreadRef, at: UtcSeconds): NewActivity {
  return ofThread(thread, 'MessageThreadAssigned', at);
}
