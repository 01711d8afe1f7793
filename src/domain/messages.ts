import { InvalidParameterError } from './errors.ts';
import type { AccessScope, EnterpriseId, Message, MessageThreadId, SenderDiscriminator, StaffRef } from './model.ts';
import { toPage, toPageRequest, type Limitation, type Page } from './pagination.ts';
import type { MessagingStore, MessagingWriter } from './store.ts';
import { connectorVisibility, writeInScope, type MessageThreadVisibility } from './tenancy.ts';
import { sandboxNowUtc, type SandboxContext } from './sandbox-clock.ts';
import { parseTimeInterval, type TimeFilterInput, type UtcSeconds } from './time.ts';

/** The longest `CreatedUtc` interval of `messages/getAll` (`x-max-interval-in-months`). */
export const MESSAGE_INTERVAL_MONTHS = 1;

/** The most messages one `messages/add` adds (the contract's `maxItems` of `Messages`). */
export const MAX_MESSAGES_PER_ADD = 1000;

export interface MessageAddInput {
  readonly messageThreadId: MessageThreadId;
  readonly text: string;
}

/**
 * Appends messages from `sender` to threads the caller may see, inside the caller's transaction, in the order given.
 * Each gets a fresh id (drawn from the seed of `sandbox`, where the write happens, if it has one) and `now` as its creation time; each thread that receives one is updated at `now` and reopened.
 * Both sides write through here: the application (`Application`) and the enterprise's staff (`Enterprise`, with the
 * staff member who wrote them as `author`).
 *
 * @throws InvalidParameterError `Invalid MessageThreadId` when a message's thread is unknown or
 *   not visible; nothing has been written then, so the caller's transaction stays all or nothing.
 */
export async function appendMessages(
  writer: MessagingWriter,
  visibility: MessageThreadVisibility,
  sender: SenderDiscriminator,
  inputs: readonly MessageAddInput[],
  now: UtcSeconds,
  author: StaffRef | null = null,
  sandbox: SandboxContext | null = null,
): Promise<Message[]> {
  const threadIds = [...new Set(inputs.map((input) => input.messageThreadId))];
  const threads = await writer.findMessageThreadsById(visibility, threadIds);
  const visible = new Set(threads.map((thread) => thread.id));
  // An identifier that does not exist or is not the caller's (CONTRACT.md, "Errors"): named, without more detail.
  if (inputs.some((input) => !visible.has(input.messageThreadId))) throw new InvalidParameterError('MessageThreadId');
  const ids = await writer.drawIds(sandbox, inputs.length);
  const messages = inputs.map((input, i) => ({
    id: ids[i]!,
    messageThreadId: input.messageThreadId,
    text: input.text,
    sender,
    createdUtc: now,
    author,
  }));
  await writer.insertMessages(messages, threads);
  await writer.markMessageThreadsUpdated(threadIds, now);
  return messages;
}

/** `messages/add`: the application's messages into threads it created, all in one transaction or none. */
export function addMessages(
  store: MessagingStore,
  scope: AccessScope,
  inputs: readonly MessageAddInput[],
  now: UtcSeconds = sandboxNowUtc(scope.sandbox),
): Promise<Message[]> {
  const visibility = connectorVisibility(scope);
  return writeInScope(store, scope, (writer) => appendMessages(writer, visibility, 'Application', inputs, now, null, scope.sandbox ?? null));
}

export interface MessageFilter {
  readonly messageThreadIds: readonly MessageThreadId[];
  readonly createdUtc?: TimeFilterInput | null | undefined;
  readonly enterpriseIds?: readonly EnterpriseId[] | null | undefined;
  readonly limitation: Limitation;
}

/**
 * `messages/getAll`: one page, newest first, of the messages (from either side) in the given threads, of those this
 * application created in the token's enterprises (narrowed by `enterpriseIds`); other ids match nothing.
 */
export async function getMessages(store: MessagingStore, scope: AccessScope, filter: MessageFilter): Promise<Page<Message>> {
  if (filter.messageThreadIds.length === 0) throw new InvalidParameterError('MessageThreadIds', 'must not be empty.');
  const page = toPageRequest(filter.limitation);
  const createdUtc =
    filter.createdUtc == null ? null : parseTimeInterval(filter.createdUtc, 'CreatedUtc', MESSAGE_INTERVAL_MONTHS);
  const threads = { ...connectorVisibility(scope, filter.enterpriseIds), messageThreadIds: filter.messageThreadIds };
  return toPage(await store.findMessages({ threads, createdUtc, ...page }));
}
