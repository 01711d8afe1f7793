import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addAutoReply, listAutoReplies, removeAutoReply } from '../../domain/auto-replies.ts';
import type { AutoReply as DomainAutoReply } from '../../domain/model.ts';
import { adminRoute } from './route.ts';
import {
  AutoRepliesResult,
  AutoReplyAddParameters,
  AutoReplyRemoveParameters,
  AutoReplyResult,
  Empty,
  SandboxParameters,
  type AutoReply,
} from './schemas.ts';

const tags = ['Admin: the hotel\'s side'];

function toAutoReplyDto(reply: DomainAutoReply): Static<typeof AutoReply> {
  return { Id: reply.id, SandboxId: reply.sandboxId, Text: reply.text, DelayMs: reply.delayMs };
}

/** A sandbox's standing replies to guest messages, so that a test waits for a staff reply with no human in the loop. */
export const autoReplyRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/autoReplies/add',
    adminRoute({
      tags,
      operationId: 'admin_autoReplies_add',
      summary: 'Add auto-reply',
      description:
        'From now on, every guest message (Sender Application) in the sandbox gets Text back as a staff reply (Sender Enterprise) DelayMs later, with its MessageAdded webhook and live-inbox event, as sandboxMessages/add writes it. Each reply is sent once, whichever server process sends it.',
      body: AutoReplyAddParameters,
      response: AutoReplyResult,
    }),
    async (request) => {
      const { SandboxId, Text, DelayMs } = request.body;
      return { AutoReply: toAutoReplyDto(await addAutoReply(store, { sandboxId: SandboxId, text: Text, delayMs: DelayMs })) };
    },
  );

  app.post(
    '/autoReplies/getAll',
    adminRoute({
      tags,
      operationId: 'admin_autoReplies_getAll',
      summary: 'Get all auto-replies',
      description: 'The sandbox\'s auto-replies, oldest first.',
      body: SandboxParameters,
      response: AutoRepliesResult,
    }),
    async (request) => ({ AutoReplies: (await listAutoReplies(store, request.body.SandboxId)).map(toAutoReplyDto) }),
  );

  app.post(
    '/autoReplies/remove',
    adminRoute({
      tags,
      operationId: 'admin_autoReplies_remove',
      summary: 'Remove auto-reply',
      description: 'No more replies from it, those already due included.',
      body: AutoReplyRemoveParameters,
      response: Empty,
    }),
    async (request) => {
      await removeAutoReply(store, request.body.AutoReplyId);
      return {};
    },
  );
};
