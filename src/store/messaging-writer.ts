import type { Transaction } from 'kysely';
import type { MessagingWriter } from '../domain/store.ts';
import type { Database } from './database.ts';
import type { DialectAdapter } from './dialect/dialect-adapter.ts';
import { insertMessageActivities, insertThreadActivity } from './repositories/activity-feed.repository.ts';
import { insertMessages } from './repositories/message.repository.ts';
import {
  findMessageThreadsById,
  insertMessageThread,
  markMessageThreadsUpdated,
  updateMessageThreadResolved,
} from './repositories/message-thread.repository.ts';
import { recordMessageAddedEvents } from './repositories/webhook-event.repository.ts';

/**
 * The writes of one messaging transaction, and what each brings with it in that same transaction: a new thread its
 * insert-order lock and its activity, new messages their lock, their MessageAdded events (the outbox) and their
 * activities, a resolve or reopen its activity. The one place where a write is composed of several.
 *
 * `eventsRecorded` is called when the transaction wrote to the webhook outbox.
 */
export function messagingWriter(
  trx: Transaction<Database>,
  dialect: Pick<DialectAdapter, 'lockInsertOrder'>,
  eventsRecorded: () => void,
): MessagingWriter {
  return {
    insertMessageThread: async (thread) => {
      await dialect.lockInsertOrder(trx, [thread]);
      await insertMessageThread(trx, thread);
      await insertThreadActivity(trx, {
        discriminator: 'MessageThreadAdded',
        messageThreadId: thread.id,
        messageId: null,
        createdUtc: thread.createdUtc,
      });
    },
    findMessageThreadsById: (visibility, ids) => findMessageThreadsById(trx, visibility, ids),
    insertMessages: async (messages, threads) => {
      await dialect.lockInsertOrder(trx, threads);
      await insertMessages(trx, messages);
      const recorded = await recordMessageAddedEvents(trx, messages.map((message) => message.id), Date.now());
      if (recorded > 0) eventsRecorded();
      await insertMessageActivities(trx, messages);
    },
    markMessageThreadsUpdated: (ids, updatedUtc) => markMessageThreadsUpdated(trx, ids, updatedUtc),
    updateMessageThreadResolved: async (change) => {
      if (!(await updateMessageThreadResolved(trx, change))) return false;
      await insertThreadActivity(trx, {
        discriminator: change.isResolved ? 'MessageThreadResolved' : 'MessageThreadReopened',
        messageThreadId: change.id,
        messageId: null,
        createdUtc: change.updatedUtc,
      });
      return true;
    },
  };
}
