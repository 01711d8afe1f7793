import type { EnterpriseStore } from './enterprise-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { Message, MessageThread, MessageThreadId } from './model.ts';
import { toPage, toPageRequest, type Limitation, type Page } from './pagination.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessagingStore } from './store.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/** A thread as a staff member's inbox lists it. */
export interface InboxThread extends MessageThread {
  readonly integrationName: string;
  readonly lastMessage: Message | null;
  /** Whether the thread has news this staff member has not opened: it is new, or has messages newer than their last look. */
  readonly isUnread: boolean;
}

export interface InboxThreadsInput {
  readonly limitation: Limitation;
  readonly isResolved?: boolean | null | undefined;
  readonly search?: string | null | undefined;
}

/**
 * `messageThreads/getAll` of the enterprise side: every thread of the staff member's enterprise, from every
 * integration, latest activity first.
 */
export async function listInboxThreads(
  store: EnterpriseStore,
  staff: StaffMember,
  input: InboxThreadsInput,
): Promise<Page<InboxThread>> {
  const page = toPageRequest(input.limitation);
  const search = input.search?.trim() || null;
  const items = await store.listInboxThreads({
    enterpriseId: staff.enterpriseId,
    staffId: staff.id,
    isResolved: input.isResolved ?? null,
    search,
    count: page.count,
    after: page.cursor,
  });
  if (!items) throw new InvalidParameterError('Cursor');
  return toPage(items);
}

/** The thread, if it belongs to the staff member's enterprise; otherwise `Invalid MessageThreadId`, never data. */
export async function findStaffThread(
  store: EnterpriseStore,
  staff: StaffMember,
  messageThreadId: MessageThreadId,
): Promise<MessageThread> {
  const thread = await store.findEnterpriseThread(staff.enterpriseId, messageThreadId);
  if (!thread) throw new InvalidParameterError('MessageThreadId');
  return thread;
}

/**
 * `messages/getAll` of the enterprise side: a thread's messages, newest first. Reading the first page is opening the
 * thread, so it marks the thread read for this staff member.
 */
export async function listInboxMessages(
  store: EnterpriseStore,
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly limitation: Limitation },
): Promise<Page<Message>> {
  const page = toPageRequest(input.limitation);
  await findStaffThread(store, staff, input.messageThreadId);
  const items = await store.listThreadMessages({ messageThreadId: input.messageThreadId, count: page.count, after: page.cursor });
  if (!items) throw new InvalidParameterError('Cursor');
  if (page.cursor === null) await store.markThreadRead(staff.id, input.messageThreadId, items[0]?.id ?? null);
  return toPage(items);
}

/**
 * `messages/add` of the enterprise side: a staff member's reply, with Sender `Enterprise`. Like any new message it
 * moves the thread's `UpdatedUtc` and reopens it; the author has read their own reply.
 */
export async function addStaffReply(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
  now: UtcSeconds = nowUtc(),
): Promise<Message> {
  if (!input.text.trim()) throw new InvalidParameterError('Text', 'must not be blank.');
  const thread = await findStaffThread(stores.enterprise, staff, input.messageThreadId);
  const message: Message = { id: newId(), messageThreadId: thread.id, text: input.text, sender: 'Enterprise', createdUtc: now };
  await stores.messaging.write((writer) => writer.appendMessage(message));
  await stores.enterprise.markThreadRead(staff.id, thread.id, message.id);
  return message;
}
