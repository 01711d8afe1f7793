import type { AdminReader } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { appendEnterpriseReply } from './inbox.ts';
import type { Message, MessageThread, MessageThreadId } from './model.ts';
import type { MessagingStore } from './store.ts';
import { enterpriseSideVisibility } from './tenancy.ts';
import { changeMessageThreadResolved } from './thread-status.ts';
import { sandboxNowUtc, type SandboxContext } from './sandbox-clock.ts';

/**
 * The hotel's side on command: what a sandbox's staff do in the inbox, done through the admin API, so that a test
 * provokes it without a browser session. It goes through the inbox's own writes, so the same webhooks and live-inbox
 * activity follow.
 */

export interface SandboxThreadStores {
  readonly admin: Pick<AdminReader, 'findSandboxThread' | 'findSandboxOfEnterprise'>;
  readonly messaging: MessagingStore;
}

/**
 * A thread of a sandbox's enterprise, with that sandbox (whose clock and seed the change follows); an operator's own
 * enterprise's, or an unknown one, is `Invalid MessageThreadId`.
 */
async function requireSandboxThread(
  admin: SandboxThreadStores['admin'],
  id: MessageThreadId,
): Promise<{ thread: MessageThread; sandbox: SandboxContext | null }> {
  const thread = await admin.findSandboxThread(id);
  if (!thread) throw new InvalidParameterError('MessageThreadId');
  return { thread, sandbox: await admin.findSandboxOfEnterprise(thread.enterpriseId) };
}

/** `sandboxMessages/add`: a staff reply (Sender `Enterprise`) written by no one in particular (no author). */
export async function addSandboxMessage(
  stores: SandboxThreadStores,
  input: { readonly messageThreadId: MessageThreadId; readonly text: string },
): Promise<Message> {
  const { thread, sandbox } = await requireSandboxThread(stores.admin, input.messageThreadId);
  // Written within the thread's enterprise only: a thread gone since (its sandbox reset) is `Invalid MessageThreadId`.
  return appendEnterpriseReply(stores.messaging, enterpriseSideVisibility(thread.enterpriseId), input, null, sandboxNowUtc(sandbox), sandbox);
}

/** `sandboxThreads/resolve` and `sandboxThreads/reopen`. */
export async function setSandboxThreadResolved(
  stores: SandboxThreadStores,
  messageThreadId: MessageThreadId,
  isResolved: boolean,
): Promise<MessageThread> {
  const { thread, sandbox } = await requireSandboxThread(stores.admin, messageThreadId);
  return changeMessageThreadResolved(stores.messaging, thread, isResolved, sandboxNowUtc(sandbox));
}
