import type { EnterpriseStore } from './enterprise-store.ts';
import { InvalidParameterError } from './errors.ts';
import { appendMessages } from './messages.ts';
import type { Message, MessageThread, MessageThreadId } from './model.ts';
import { resolveCursor, toPage, toPageRequest, type Limitation, type Page } from './pagination.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessageThreadVisibility, MessagingStore } from './store.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/** The longest staff reply, in characters. */
export const MAX_REPLY_LENGTH = 10_000;
/** The longest text an inbox search looks for. */
export const MAX_SEARCH_LENGTH = 200;

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

/** What a staff member may see: every thread of their enterprise, whichever integration created it. */
export function staffVisibility(staff: StaffMember): MessageThreadVisibility {
  return { enterpriseIds: [staff.enterpriseId] };
}

/**
 * `messages/getAll` of the enterprise side: a thread's messages, newest first. Reading the first page is opening the
 * thread, so it marks the thread read for this staff member.
 */
export async function listInboxMessages(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly limitation: Limitation },
): Promise<Page<Message>> {
  const page = toPageRequest(input.limitation);
  await findStaffThread(stores.enterprise, staff, input.messageThreadId);
  const threads = { ...staffVisibility(staff), messageThreadIds: [input.messageThreadId] };
  const after = await resolveCursor(page.cursor, (id) => stores.messaging.findMessagePosition(threads, id));
  const items = await stores.messaging.findMessages({ threads, createdUtc: null, after, count: page.count });
  if (page.cursor === null) await stores.enterprise.markThreadRead(staff.id, input.messageThreadId, items[0]?.id ?? null);
  return toPage(items);
}

/**
 * `messages/add` of the enterprise side: a staff member's reply, with Sender `Enterprise`, written the way every
 * message is (so it moves the thread's `UpdatedUtc`, reopens it, and is announced like any other). The author has
 * read their own reply.
 */
export async function addStaffReply(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
  now: UtcSeconds = nowUtc(),
): Promise<Message> {
  if (!input.text.trim()) throw new InvalidParameterError('Text', 'must not be blank.');
  const thread = await findStaffThread(stores.enterprise, staff, input.messageThreadId);
  const [message] = await stores.messaging.write((writer) =>
    appendMessages(writer, staffVisibility(staff), 'Enterprise', [{ messageThreadId: thread.id, text: input.text }], now),
  );
  await stores.enterprise.markThreadRead(staff.id, thread.id, message!.id);
  return message!;
}
