import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { addStaffReply, listInboxMessages } from '../../domain/inbox.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toInboxMessageDto } from './mappers.ts';
import { MessageAddParameters, MessageGetAllParameters, MessageResult, MessagesResult } from './schemas.ts';

const tags = ['Inbox: messages'];

export const inboxMessageRoutes: FastifyPluginAsyncTypebox<{ messaging: MessagingStore; enterprise: EnterpriseStore }> = async (
  app,
  stores,
) => {
  app.post(
    '/messages/getAll',
    {
      schema: {
        tags,
        operationId: 'enterprise_messages_getAll',
        summary: 'Get the messages of a thread',
        description:
          'Messages of one thread of the staff member\'s enterprise, newest first, each staff message with its Author. Reading the first page (no Cursor) marks the thread read for this staff member.',
        body: MessageGetAllParameters,
        response: { 200: MessagesResult, ...errorResponses },
      },
    },
    async function getAllMessages(request) {
      const { MessageThreadId, Limitation } = request.body;
      const page = await listInboxMessages(stores, request.staff, { messageThreadId: MessageThreadId, limitation: Limitation });
      return { Messages: page.items.map(toInboxMessageDto), Cursor: page.cursor };
    },
  );

  app.post(
    '/messages/add',
    {
      schema: {
        tags,
        operationId: 'enterprise_messages_add',
        summary: 'Reply in a thread',
        description:
          'Adds a message with Sender `{"Discriminator":"Enterprise","Value":null}` and the signed-in staff member as its Author (which only staff see); the integration reads it with the Connector API\'s messages/getAll. Moves the thread\'s UpdatedUtc and reopens it.',
        body: MessageAddParameters,
        response: { 200: MessageResult, ...errorResponses },
      },
    },
    async function addMessage(request) {
      const { MessageThreadId, Text } = request.body;
      const message = await addStaffReply(stores, request.staff, { messageThreadId: MessageThreadId, text: Text });
      return { Message: toInboxMessageDto(message) };
    },
  );
};
