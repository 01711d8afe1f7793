import type { EnterpriseId, MessageId, MessageThreadId } from './model.ts';
import type { UtcSeconds } from './time.ts';

/** What happened in an enterprise's inbox: what the live event stream tells its staff. */
export const ACTIVITY_DISCRIMINATORS = ['MessageThreadAdded', 'MessageAdded', 'MessageThreadResolved', 'MessageThreadReopened'] as const;
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
