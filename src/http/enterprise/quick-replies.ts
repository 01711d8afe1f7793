import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { addQuickReply, listQuickReplies, MAX_QUICK_REPLIES, removeQuickReply, updateQuickReply } from '../../domain/quick-replies.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toQuickReplyDto } from './mappers.ts';
import {
  EmptyParameters,
  EmptyResult,
  QuickRepliesResult,
  QuickReplyAddParameters,
  QuickReplyRemoveParameters,
  QuickReplyResult,
  QuickReplyUpdateParameters,
} from './schemas.ts';

const tags = ['Inbox: quick replies'];

/** The enterprise's saved reply texts, shared by its staff and inserted with `/` in the inbox's reply box. */
export const quickReplyRoutes: FastifyPluginAsyncTypebox<{ enterprise: EnterpriseStore }> = async (app, { enterprise }) => {
  app.post(
    '/quickReplies/getAll',
    {
      schema: {
        tags,
        operationId: 'enterprise_quickReplies_getAll',
        summary: 'Get the quick replies of the enterprise',
        description: 'Every quick reply of the signed-in staff member\'s enterprise, oldest first.',
        body: EmptyParameters,
        response: { 200: QuickRepliesResult, ...errorResponses },
      },
    },
    async function getAllQuickReplies(request) {
      return { QuickReplies: (await listQuickReplies(enterprise, request.staff)).map(toQuickReplyDto) };
    },
  );

  app.post(
    '/quickReplies/add',
    {
      schema: {
        tags,
        operationId: 'enterprise_quickReplies_add',
        summary: 'Add a quick reply',
        description: `A reply text for every staff member of the enterprise; at most ${MAX_QUICK_REPLIES} per enterprise (beyond: 400 Invalid Text).`,
        body: QuickReplyAddParameters,
        response: { 200: QuickReplyResult, ...errorResponses },
      },
    },
    async function addQuickReplyRoute(request) {
      return { QuickReply: toQuickReplyDto(await addQuickReply(enterprise, request.staff, request.body.Text)) };
    },
  );

  app.post(
    '/quickReplies/update',
    {
      schema: {
        tags,
        operationId: 'enterprise_quickReplies_update',
        summary: 'Change a quick reply\'s text',
        description: 'Another enterprise\'s quick reply, or an unknown one, is 400 Invalid QuickReplyId.',
        body: QuickReplyUpdateParameters,
        response: { 200: QuickReplyResult, ...errorResponses },
      },
    },
    async function updateQuickReplyRoute(request) {
      const { QuickReplyId, Text } = request.body;
      return { QuickReply: toQuickReplyDto(await updateQuickReply(enterprise, request.staff, QuickReplyId, Text)) };
    },
  );

  app.post(
    '/quickReplies/remove',
    {
      schema: {
        tags,
        operationId: 'enterprise_quickReplies_remove',
        summary: 'Remove a quick reply',
        description: 'Another enterprise\'s quick reply, or an unknown one, is 400 Invalid QuickReplyId.',
        body: QuickReplyRemoveParameters,
        response: { 200: EmptyResult, ...errorResponses },
      },
    },
    async function removeQuickReplyRoute(request) {
      await removeQuickReply(enterprise, request.staff, request.body.QuickReplyId);
      return {};
    },
  );
};
