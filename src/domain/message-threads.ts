import { InvalidParameterError } from './errors.ts';
import type { AccessScope, EnterpriseId, MessageThread, MessageThreadId } from './model.ts';
import { toPage, toPageRequest, type Limitation, type Page } from './pagination.ts';
import type { MessagingStore } from './store.ts';
import { connectorVisibility, resolveEnterpriseId, writeInScope } from './tenancy.ts';
import { sandboxNowUtc } from './sandbox-clock.ts';
import { parseTimeInterval, type TimeFilterInput, type UtcSeconds } from './time.ts';

/** The longest `CreatedUtc` or `UpdatedUtc` interval of `messageThreads/getAll` (`x-max-interval-in-months`). */
export const MESSAGE_THREAD_INTERVAL_MONTHS = 3;

/** The most ids one list of a get-all filter holds (`MessageThreadIds`, `EnterpriseIds`: the contract's `maxItems`). */
export const MAX_FILTER_IDS = 1000;

export interface MessageThreadAddInput {
  readonly originalSender: string;
  readonly subject: string;
  /** Which of a portfolio token's enterprises the thread belongs to; implied for a single-enterprise token. */
  readonly enterpriseId?: EnterpriseId | null | undefined;
}

/**
 * `messageThreads/add`: a new, unresolved thread on behalf of the customer, created and last updated now (on the clock
 * of the token's sandbox, if any), its id drawn in the write's transaction (from the sandbox's seed, if any).
 */
export async function addMessageThread(
  store: MessagingStore,
  scope: AccessScope,
  input: MessageThreadAddInput,
  now: UtcSeconds = sandboxNowUtc(scope.sandbox),
): Promise<MessageThread> {
  const enterpriseId = resolveEnterpriseId(scope, input.enterpriseId);
  return writeInScope(store, scope, async (writer) => {
    const [id] = await writer.drawIds(scope.sandbox, 1);
    const thread: MessageThread = {
      id: id!,
      enterpriseId,
      applicationId: scope.applicationId,
      originalSender: input.originalSender,
      subject: input.subject,
      createdUtc: now,
      updatedUtc: now,
      isResolved: false,
    };
    await writer.insertMessageThread(thread);
    return thread;
  });
}

export interface MessageThreadFilter {
  readonly messageThreadIds?: readonly MessageThreadId[] | null | undefined;
  readonly createdUtc?: TimeFilterInput | null | undefined;
  readonly updatedUtc?: TimeFilterInput | null | undefined;
  readonly enterpriseIds?: readonly EnterpriseId[] | null | undefined;
  readonly limitation: Limitation;
}

/**
 * `messageThreads/getAll`: one page, newest first, of the threads this application created in the token's
 * enterprises (narrowed by `enterpriseIds`), matching every filter given; at least one of `messageThreadIds`,
 * `createdUtc` and `updatedUtc` is required.
 */
export async function getMessageThreads(
  store: MessagingStore,
  scope: AccessScope,
  filter: MessageThreadFilter,
): Promise<Page<MessageThread>> {
  const { messageThreadIds, createdUtc, updatedUtc } = filter;
  if (messageThreadIds == null && createdUtc == null && updatedUtc == null) {
    throw new InvalidParameterError('MessageThreadIds', 'required when neither CreatedUtc nor UpdatedUtc is given.');
  }
  if (messageThreadIds?.length === 0) throw new InvalidParameterError('MessageThreadIds', 'must not be empty.');
  const page = toPageRequest(filter.limitation);
  const found = await store.findMessageThreads({
    visibility: connectorVisibility(scope, filter.enterpriseIds),
    messageThreadIds: messageThreadIds ?? null,
    createdUtc: createdUtc == null ? null : parseTimeInterval(createdUtc, 'CreatedUtc', MESSAGE_THREAD_INTERVAL_MONTHS),
    updatedUtc: updatedUtc == null ? null : parseTimeInterval(updatedUtc, 'UpdatedUtc', MESSAGE_THREAD_INTERVAL_MONTHS),
    ...page,
  });
  return toPage(found);
}
