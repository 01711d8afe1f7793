import type { AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import { MAX_REPLY_LENGTH, writeEnterpriseReply } from './inbox.ts';
import type { AutoReply, AutoReplyId, EnterpriseId, MessageThreadId, SandboxId } from './model.ts';
import type { MessagingStore } from './store.ts';
import { enterpriseSideVisibility } from './tenancy.ts';
import { sandboxNowUtc } from './sandbox-clock.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/** The longest delay of an auto-reply: ten minutes. */
export const MAX_AUTO_REPLY_DELAY_MS = 600_000;

/** An auto-reply due to a guest message: what to write, and where. */
export interface DueAutoReply {
  readonly messageThreadId: MessageThreadId;
  readonly enterpriseId: EnterpriseId;
  readonly text: string;
}

export interface AutoReplyAddInput {
  readonly sandboxId: SandboxId;
  readonly text: string;
  readonly delayMs: number;
}

/**
 * `autoReplies/add`: from now on, every guest message (Sender `Application`) in the sandbox gets `text` back as a staff
 * reply `delayMs` later, so that a test can wait for it with no human in the loop. Text rules are the inbox's.
 */
export async function addAutoReply(store: AdminStore, input: AutoReplyAddInput, now: UtcSeconds = nowUtc()): Promise<AutoReply> {
  if (!input.text.trim()) throw new InvalidParameterError('Text', 'must not be blank.');
  if (input.text.length > MAX_REPLY_LENGTH) throw new InvalidParameterError('Text', `must be at most ${MAX_REPLY_LENGTH} characters long.`);
  if (!Number.isInteger(input.delayMs) || input.delayMs < 0 || input.delayMs > MAX_AUTO_REPLY_DELAY_MS) {
    throw new InvalidParameterError('DelayMs', `must be a whole number from 0 to ${MAX_AUTO_REPLY_DELAY_MS}.`);
  }
  const reply: AutoReply = { id: newId(), sandboxId: input.sandboxId, text: input.text, delayMs: input.delayMs, createdUtc: now };
  return store.administer(async (writer) => {
    if (!(await writer.findSandbox(input.sandboxId))) throw new InvalidParameterError('SandboxId');
    await writer.insertAutoReply(reply);
    return reply;
  });
}

/** `autoReplies/getAll`: a sandbox's auto-replies, oldest first. */
export async function listAutoReplies(store: AdminStore, sandboxId: SandboxId): Promise<AutoReply[]> {
  if (!(await store.findSandbox(sandboxId))) throw new InvalidParameterError('SandboxId');
  return store.listAutoReplies(sandboxId);
}

/** `autoReplies/remove`: no more replies from it, those already due included. */
export async function removeAutoReply(store: AdminStore, id: AutoReplyId): Promise<void> {
  await store.administer(async (writer) => {
    if (!(await writer.deleteAutoReply(id))) throw new InvalidParameterError('AutoReplyId');
  });
}

/**
 * Sends the auto-replies due at real time `nowMs` (each on its sandbox's clock), each as a staff reply written by no one (as `sandboxMessages/add` writes it),
 * in the transaction that claims them: a crash before the commit leaves them due, and no two processes send one.
 * A reply whose thread is gone since is dropped. Resolves with how many were sent.
 */
export async function sendDueAutoReplies(
  messaging: Pick<MessagingStore, 'hasDueAutoReplies' | 'write'>,
  nowMs: number = Date.now(),
): Promise<number> {
  if (!(await messaging.hasDueAutoReplies(nowMs))) return 0;
  return messaging.write(async (writer) => {
    let sent = 0;
    for (const due of await writer.claimDueAutoReplies(nowMs)) {
      const visibility = enterpriseSideVisibility(due.enterpriseId);
      if ((await writer.findMessageThreadsById(visibility, [due.messageThreadId])).length === 0) continue;
      // Written at its sandbox's time, with ids from its seed.
      const sandbox = await writer.findSandboxOfEnterprise(due.enterpriseId);
      await writeEnterpriseReply(writer, visibility, due, null, sandboxNowUtc(sandbox, nowMs), sandbox);
      sent++;
    }
    return sent;
  });
}
