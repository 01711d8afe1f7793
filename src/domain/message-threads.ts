import { newId } from './ids.ts';
import type { AccessScope, EnterpriseId, MessageThread } from './model.ts';
import type { MessagingStore } from './store.ts';
import { resolveEnterpriseId } from './tenancy.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

export interface MessageThreadAddInput {
  readonly originalSender: string;
  readonly subject: string;
  /** Which of a portfolio token's enterprises the thread belongs to; implied for a single-enterprise token. */
  readonly enterpriseId?: EnterpriseId | null | undefined;
}

/** `messageThreads/add`: a new, unresolved thread on behalf of the customer, created and last updated now. */
export async function addMessageThread(
  store: MessagingStore,
  scope: AccessScope,
  input: MessageThreadAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<MessageThread> {
  const thread: MessageThread = {
    id: newId(),
    enterpriseId: resolveEnterpriseId(scope, input.enterpriseId),
    integrationId: scope.integrationId,
    originalSender: input.originalSender,
    subject: input.subject,
    createdUtc: now,
    updatedUtc: now,
    isResolved: false,
  };
  await store.write((writer) => writer.insertMessageThread(thread));
  return thread;
}
