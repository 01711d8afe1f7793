import type { EnterpriseStore } from './enterprise-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import { MAX_REPLY_LENGTH } from './inbox.ts';
import type { EnterpriseId } from './model.ts';
import type { StaffMember } from './staff-sessions.ts';
import { sandboxNowUtc } from './sandbox-clock.ts';
import type { UtcSeconds } from './time.ts';

/** How many quick replies an enterprise keeps: enough for a front desk, few enough to list in one answer. */
export const MAX_QUICK_REPLIES = 200;

/** A reply text an enterprise's staff saved to insert with `/` in the reply box. */
export interface QuickReply {
  readonly id: string;
  readonly enterpriseId: EnterpriseId;
  readonly text: string;
  readonly createdUtc: UtcSeconds;
}

function validText(text: string): string {
  if (!text.trim()) throw new InvalidParameterError('Text', 'must not be blank.');
  if (text.length > MAX_REPLY_LENGTH) throw new InvalidParameterError('Text', `must be at most ${MAX_REPLY_LENGTH} characters long.`);
  return text;
}

/** `quickReplies/getAll`: the enterprise's quick replies, oldest first. */
export function listQuickReplies(store: EnterpriseStore, staff: StaffMember): Promise<QuickReply[]> {
  return store.listQuickReplies(staff.enterpriseId);
}

/**
 * `quickReplies/add`: a new quick reply of the staff member's enterprise, for all its staff.
 *
 * @throws InvalidParameterError `Invalid Text` for a blank text, or when the enterprise has `MAX_QUICK_REPLIES`.
 */
export async function addQuickReply(store: EnterpriseStore, staff: StaffMember, text: string, now: UtcSeconds = sandboxNowUtc(staff.sandbox)): Promise<QuickReply> {
  const reply: QuickReply = { id: newId(), enterpriseId: staff.enterpriseId, text: validText(text), createdUtc: now };
  if (!(await store.insertQuickReply(reply, MAX_QUICK_REPLIES))) {
    throw new InvalidParameterError('Text', `an enterprise keeps at most ${MAX_QUICK_REPLIES} quick replies; remove one first.`);
  }
  return reply;
}

/** `quickReplies/update`: a new text; another enterprise's quick reply (or an unknown one) is `Invalid QuickReplyId`. */
export async function updateQuickReply(store: EnterpriseStore, staff: StaffMember, id: string, text: string): Promise<QuickReply> {
  const updated = await store.updateQuickReply(staff.enterpriseId, id, validText(text));
  if (!updated) throw new InvalidParameterError('QuickReplyId');
  return updated;
}

/** `quickReplies/remove`: another enterprise's quick reply (or an unknown one) is `Invalid QuickReplyId`. */
export async function removeQuickReply(store: EnterpriseStore, staff: StaffMember, id: string): Promise<void> {
  if (!(await store.deleteQuickReply(staff.enterpriseId, id))) throw new InvalidParameterError('QuickReplyId');
}
