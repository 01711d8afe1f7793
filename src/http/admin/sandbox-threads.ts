import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addSandboxMessage, setSandboxThreadResolved, type SandboxThreadStores } from '../../domain/sandbox-threads.ts';
import { toMessageDto } from '../shared/schemas/message.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';
import { adminRoute } from './route.ts';
import { MessageResult, MessageThreadResult, SandboxMessageAddParameters, SandboxThreadParameters } from './schemas.ts';

const tags = ['Admin: the hotel\'s side'];

/** What a sandbox's staff do in the inbox, on command: reply, resolve, reopen. */
export const sandboxThreadRoutes: FastifyPluginAsyncTypebox<{ stores: SandboxThreadStores }> = async (app, { stores }) => {
  app.post(
    '/sandboxMessages/add',
    adminRoute({
      tags,
      operationId: 'admin_sandboxMessages_add',
      summary: 'Add a staff reply in a sandbox thread',
      description:
        'Adds a message with Sender `{"Discriminator":"Enterprise","Value":null}` and no author, as a staff reply in the inbox does: it moves the thread\'s UpdatedUtc, reopens it, fires the MessageAdded webhook and shows in the live inbox. A thread outside the sandboxes is 400 Invalid MessageThreadId.',
      body: SandboxMessageAddParameters,
      response: MessageResult,
    }),
    async (request) => {
      const { MessageThreadId, Text } = request.body;
      return { Message: toMessageDto(await addSandboxMessage(stores, { messageThreadId: MessageThreadId, text: Text })) };
    },
  );

  for (const [action, isResolved] of [['resolve', true], ['reopen', false]] as const) {
    app.post(
      `/sandboxThreads/${action}`,
      adminRoute({
        tags,
        operationId: `admin_sandboxThreads_${action}`,
        summary: isResolved ? 'Resolve a sandbox thread' : 'Reopen a sandbox thread',
        description: `Sets IsResolved to ${isResolved} and moves UpdatedUtc, as staff do in the inbox; nothing changes when it already is. A thread outside the sandboxes is 400 Invalid MessageThreadId.`,
        body: SandboxThreadParameters,
        response: MessageThreadResult,
      }),
      async (request) => ({
        MessageThread: toMessageThreadDto(await setSandboxThreadResolved(stores, request.body.MessageThreadId, isResolved)),
      }),
    );
  }
};
