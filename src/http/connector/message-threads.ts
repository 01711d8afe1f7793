import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addMessageThread } from '../../domain/message-threads.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { errorResponses } from '../shared/schemas.ts';
import { toMessageThreadDto } from './mappers.ts';
import { MessageThreadAddParameters, MessageThreadResult } from './schemas.ts';

const tags = ['Message threads'];

export const messageThreadRoutes: FastifyPluginAsyncTypebox<{ store: MessagingStore }> = async (app, { store }) => {
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
