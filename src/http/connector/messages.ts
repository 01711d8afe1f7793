import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addMessages, getMessages } from '../../domain/messages.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toMessageDto } from '../shared/schemas/message.ts';
import { replyWithPage } from './page-reply.ts';
import { AddedMessageResult, EmptyPage, MessageFilterParameters, MessageResult, MultipleMessageAddParameters } from './schemas.ts';

const tags = ['Messages'];

/**
 * Clients built from the reference's parameter table of 2022 to 2025 name a message's thread `ThreadId` (CONTRACT.md,
 * "What clients send in practice"): where `MessageThreadId` is missing or null, it is taken in its place before the
 * body is validated, so that it is checked, and refused, exactly as `MessageThreadId` is.
 */
function takeThreadIdAsMessageThreadId(body: unknown): void {
  const messages = (body as { Messages?: unknown } | null)?.Messages;
  if (!Array.isArray(messages)) return;
  for (const message of messages as unknown[]) {
    if (typeof message !== 'object' || message === null) continue;
    const item = message as { MessageThreadId?: unknown; ThreadId?: unknown };
    if (item.MessageThreadId == null && item.ThreadId != null) item.MessageThreadId = item.ThreadId;
  }
}

export const messageRoutes: FastifyPluginAsyncTypebox<{ store: MessagingStore }> = async (app, { store }) => {
  app.post(
    '/messages/getAll',
    {
      schema: {
        tags,
        operationId: 'messages_getAll',
        summary: 'Get all messages',
        description:
          'Get all messages belonging to the specified message threads, from either side. Messages can only be returned for message threads you have created. Uses cursor pagination, newest first, and supports Portfolio Access Tokens.',
        body: MessageFilterParameters,
        response: { 200: MessageResult, 204: EmptyPage, ...errorResponses },
      },
    },
    async function getAllMessages(request, reply) {
      const { MessageThreadIds, CreatedUtc, EnterpriseIds, Limitation } = request.body;
      const page = await getMessages(store, request.accessScope, {
        messageThreadIds: MessageThreadIds,
        createdUtc: CreatedUtc,
        enterpriseIds: EnterpriseIds,
        limitation: Limitation,
      });
      return replyWithPage(request, reply, page, ({ items, cursor }) => ({
        Messages: items.map(toMessageDto),
        Cursor: cursor,
      }));
    },
  );

  app.post(
    '/messages/add',
    {
      schema: {
        tags,
        operationId: 'messages_add',
        summary: 'Add messages',
        description:
          'Add the specified messages to the specified message threads, all or none. You can only add messages to message threads that you have created; each one moves its thread\'s UpdatedUtc and reopens it if it was resolved.',
        body: MultipleMessageAddParameters,
        response: { 200: AddedMessageResult, ...errorResponses },
      },
      preValidation: async (request) => takeThreadIdAsMessageThreadId(request.body),
    },
    async function addAll(request) {
      const inputs = request.body.Messages;
      const messages = await addMessages(
        store,
        request.accessScope,
        inputs.map((input) => ({ messageThreadId: input.MessageThreadId, text: input.Text })),
      );
      return {
        Messages: messages.map((message, i) => ({ Identifier: inputs[i]!.Identifier ?? null, Message: toMessageDto(message) })),
      };
    },
  );
};
