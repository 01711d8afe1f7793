import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addMessageThread, getMessageThreads } from '../../domain/message-threads.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';
import { replyWithPage } from './page-reply.ts';
import { EmptyPage, MessageThreadAddParameters, MessageThreadFilterParameters, MessageThreadResult } from './schemas.ts';

const tags = ['Message threads'];

export const messageThreadRoutes: FastifyPluginAsyncTypebox<{ store: MessagingStore }> = async (app, { store }) => {
  app.post(
    '/messageThreads/getAll',
    {
      schema: {
        tags,
        operationId: 'messageThreads_getAll',
        summary: 'Get all message threads',
        description:
          'Get all message threads that you have created, filtered by time interval and/or specific message thread IDs (at least one of MessageThreadIds, CreatedUtc, UpdatedUtc). Uses cursor pagination, newest first, and supports Portfolio Access Tokens.',
        body: MessageThreadFilterParameters,
        response: { 200: MessageThreadResult, 204: EmptyPage, ...errorResponses },
      },
    },
    async function getAllThreads(request, reply) {
      const { MessageThreadIds, CreatedUtc, UpdatedUtc, EnterpriseIds, Limitation } = request.body;
      const page = await getMessageThreads(store, request.accessScope, {
        messageThreadIds: MessageThreadIds,
        createdUtc: CreatedUtc,
        updatedUtc: UpdatedUtc,
        enterpriseIds: EnterpriseIds,
        limitation: Limitation,
      });
      return replyWithPage(request, reply, page, ({ items, cursor }) => ({
        MessageThreads: items.map(toMessageThreadDto),
        Cursor: cursor,
      }));
    },
  );

  app.post(
    '/messageThreads/add',
    {
      schema: {
        tags,
        operationId: 'messageThreads_add',
        summary: 'Add message thread',
        description:
          'Creates a new message thread on behalf of the specified customer, i.e. the sender of the original message in the thread.',
        body: MessageThreadAddParameters,
        response: { 200: MessageThreadResult, ...errorResponses },
      },
    },
    async function addThread(request) {
      const { OriginalSender, Subject, EnterpriseId } = request.body;
      const thread = await addMessageThread(store, request.accessScope, {
        originalSender: OriginalSender,
        subject: Subject,
        enterpriseId: EnterpriseId,
      });
      return { MessageThreads: [toMessageThreadDto(thread)], Cursor: thread.id };
    },
  );
};
