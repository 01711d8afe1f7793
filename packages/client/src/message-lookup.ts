import type { Messages } from './messages.ts';
import type { MessageThreads } from './message-threads.ts';
import type { Message } from './types.ts';

/**
 * Where `messages.fromEvent` looks. A MessageAdded webhook carries only the message's id, and messages/getAll needs
 * thread ids, so the lookup lists the threads updated since `at - lookbackMs` (adding a message updates its thread),
 * then their messages created in `[at - lookbackMs, at + clock skew)`, until it meets the id.
 *
 * Limits: a message added before the window is not found (a delivery retried long after the message, say: widen
 * `lookbackMs`); the lookback plus the clock skew can be at most one month (messages/getAll's longest `CreatedUtc`
 * interval); every thread updated in the window, and its messages in the window, may be read, so the cost grows with
 * the traffic in the window.
 */
export interface MessageLookupOptions {
  /** About when the message was added, e.g. the webhook's `webhook-timestamp` (default: now). */
  at?: Date;
  /** How long before `at` the message may have been added (default one hour; the public service's webhooks lag 2-5 min). */
  lookbackMs?: number;
  /** Narrows a portfolio token's lookup to the webhook's `EnterpriseId`. */
  EnterpriseId?: string;
}

const DEFAULT_LOOKBACK_MS = 60 * 60 * 1000;
/** Tolerated difference between this machine's clock and the server's. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The most thread ids, and the most items per page, one get-all request takes. */
const BATCH = 1000;

export async function findAddedMessage(
  threads: MessageThreads,
  messages: Messages,
  messageId: string,
  options: MessageLookupOptions = {},
): Promise<Message | null> {
  const at = (options.at ?? new Date()).getTime();
  const start = new Date(at - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS)).toISOString();
  const scope = options.EnterpriseId ? { EnterpriseIds: [options.EnterpriseId] } : {};
  const updatedThreads = threads.iterate({
    ...scope,
    UpdatedUtc: { StartUtc: start, EndUtc: new Date(Math.max(at, Date.now()) + CLOCK_SKEW_MS).toISOString() },
    Limitation: { Count: BATCH },
  });
  const CreatedUtc = { StartUtc: start, EndUtc: new Date(at + CLOCK_SKEW_MS).toISOString() };
  let threadIds: string[] = [];
  const findIn = async (MessageThreadIds: string[]) => {
    for await (const message of messages.iterate({ ...scope, MessageThreadIds, CreatedUtc, Limitation: { Count: BATCH } })) {
      if (message.Id === messageId) return message;
    }
    return null;
  };
  for await (const thread of updatedThreads) {
    threadIds.push(thread.Id);
    if (threadIds.length < BATCH) continue;
    const found = await findIn(threadIds);
    if (found) return found;
    threadIds = [];
  }
  return threadIds.length > 0 ? findIn(threadIds) : null;
}
