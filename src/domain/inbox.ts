import type { EnterpriseStore, InboxSearch, InboxThreadCounts, InboxThreadRecord } from './enterprise-store.ts';
import { InvalidParameterError } from './errors.ts';
import { appendMessages } from './messages.ts';
import type { Message, MessageThread, MessageThreadId, StaffRef } from './model.ts';
import { toPage, toPageRequest, type Limitation, type Page } from './pagination.ts';
import type { StaffMember } from './staff-sessions.ts';
import { sandboxNowUtc, type SandboxContext } from './sandbox-clock.ts';
import type { MessagingStore, MessagingWriter } from './store.ts';
import { staffVisibility, type MessageThreadVisibility } from './tenancy.ts';
import type { UtcSeconds } from './time.ts';

/** The longest staff reply, in characters. */
export const MAX_REPLY_LENGTH = 10_000;
/** The longest text an inbox search looks for. */
export const MAX_SEARCH_LENGTH = 200;
/**
 * The shortest text a search looks for in message text, in characters; a shorter one finds threads by guest name
 * and subject only. Both engines' indexes of message text look up runs of three characters (trigrams).
 */
export const MIN_MESSAGE_SEARCH_LENGTH = 3;

/** Which threads an inbox list shows by assignment: the staff member's own, or those of nobody. */
export const ASSIGNMENT_FILTERS = ['Mine', 'Unassigned'] as const;
export type AssignmentFilter = (typeof ASSIGNMENT_FILTERS)[number];

/** A thread as a staff member's inbox lists it. */
export interface InboxThread extends MessageThread {
  readonly applicationName: string;
  readonly lastMessage: Message | null;
  /** The staff member the thread is assigned to; null: nobody. */
  readonly assignee: StaffRef | null;
  /** Whether the thread has news this staff member has not opened: it is new, or has messages newer than their last look. */
  readonly isUnread: boolean;
}

export interface InboxThreadsInput {
  readonly limitation: Limitation;
  readonly isResolved?: boolean | null | undefined;
  readonly search?: string | null | undefined;
  readonly assignment?: AssignmentFilter | null | undefined;
}

export interface InboxThreadsPage extends Page<InboxThread> {
  /** How many threads match the search in each state; given with the first page only (no cursor), else null. */
  readonly counts: InboxThreadCounts | null;
}

/**
 * `messageThreads/getAll` of the enterprise side: every thread of the staff member's enterprise, from every
 * application, latest activity first, the first page with the count of each state.
 */
export async function listInboxThreads(store: EnterpriseStore, staff: StaffMember, input: InboxThreadsInput): Promise<InboxThreadsPage> {
  const page = toPageRequest(input.limitation);
  const filter = {
    visibility: staffVisibility(staff),
    search: toSearch(input.search),
    assignedStaffId: input.assignment === 'Mine' ? staff.id : input.assignment === 'Unassigned' ? null : undefined,
  };
  const [found, counts] = await Promise.all([
    store.listInboxThreads({ ...filter, staffId: staff.id, isResolved: input.isResolved ?? null, ...page }),
    page.cursor === null ? store.countInboxThreads(filter) : null,
  ]);
  return { ...toPage(found?.map(toInboxThread)), counts };
}

function toSearch(search: string | null | undefined): InboxSearch | null {
  const text = search?.trim();
  return text ? { text, inMessages: [...text].length >= MIN_MESSAGE_SEARCH_LENGTH } : null;
}

/**
 * Whether a thread has news for the staff member whose read mark it came with: they never opened it, or it has a
 * message newer than the newest they had seen.
 */
export function isUnread(thread: Pick<InboxThreadRecord, 'lastMessagePosition' | 'readPosition'>): boolean {
  return thread.readPosition === null || (thread.lastMessagePosition ?? 0) > thread.readPosition;
}

function toInboxThread({ lastMessagePosition, readPosition, ...thread }: InboxThreadRecord): InboxThread {
  return { ...thread, isUnread: isUnread({ lastMessagePosition, readPosition }) };
}

/** The thread, if it belongs to the staff member's enterprise; otherwise `Invalid MessageThreadId`, never data. */
export async function findStaffThread(
  store: EnterpriseStore,
  staff: StaffMember,
  messageThreadId: MessageThreadId,
): Promise<MessageThread> {
  const thread = await store.findMessageThread(staffVisibility(staff), messageThreadId);
  if (!thread) throw new InvalidParameterError('MessageThreadId');
  return thread;
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
  const threads = { ...staffVisibility(staff), messageThreadIds: [input.messageThreadId] };
  const found = await stores.messaging.findMessages({ threads, createdUtc: null, ...page });
  // Messages found show the thread is the staff member's; only without any is it looked up, so that a thread of
  // another enterprise is `Invalid MessageThreadId` (before any `Invalid Cursor`) and an empty one an empty page.
  if (!found?.length) await findStaffThread(stores.enterprise, staff, input.messageThreadId);
  if (page.cursor === null) await stores.enterprise.markThreadRead(staff.id, input.messageThreadId, found?.[0]?.id ?? null);
  return toPage(found);
}

/**
 * A reply of the enterprise side, with Sender `Enterprise`, in a thread of `visibility`, written the way every message
 * is (so it moves the thread's `UpdatedUtc`, reopens it, and is announced like any other); `author` is the staff
 * member who wrote it, for their colleagues to see, or null (the sandbox's hotel side, written by no one).
 *
 * @throws InvalidParameterError `Invalid Text` when blank; `Invalid MessageThreadId` when the thread is not visible.
 */
export function appendEnterpriseReply(
  messaging: MessagingStore,
  visibility: MessageThreadVisibility,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
  author: StaffRef | null,
  now: UtcSeconds,
  sandbox: SandboxContext | null = null,
): Promise<Message> {
  return messaging.write((writer) => writeEnterpriseReply(writer, visibility, input, author, now, sandbox));
}

/** `appendEnterpriseReply` inside the caller's transaction. */
export async function writeEnterpriseReply(
  writer: MessagingWriter,
  visibility: MessageThreadVisibility,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
  author: StaffRef | null,
  now: UtcSeconds,
  sandbox: SandboxContext | null = null,
): Promise<Message> {
  if (!input.text.trim()) throw new InvalidParameterError('Text', 'must not be blank.');
  const [message] = await appendMessages(writer, visibility, 'Enterprise', [{ messageThreadId: input.messageThreadId, text: input.text }], now, author, sandbox);
  return message!;
}

/**
 * `messages/add` of the enterprise side: a staff member's reply (`appendEnterpriseReply`) in a thread of their
 * enterprise, another enterprise's being `Invalid MessageThreadId`. The author has read their own reply.
 */
export async function addStaffReply(
  stores: { messaging: MessagingStore; enterprise: EnterpriseStore },
  staff: StaffMember,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
  now: UtcSeconds = sandboxNowUtc(staff.sandbox),
): Promise<Message> {
  const author = { id: staff.id, name: staff.name };
  const message = await appendEnterpriseReply(stores.messaging, staffVisibility(staff), input, author, now, staff.sandbox ?? null);
  await stores.enterprise.markThreadRead(staff.id, input.messageThreadId, message.id);
  return message;
}
