import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assignMessageThread } from '../../domain/assignment.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { listInboxThreads } from '../../domain/inbox.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { setMessageThreadResolved } from '../../domain/thread-status.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toMessageThreadDto } from '../shared/schemas/message-thread.ts';
import { toColleagueDto, toInboxThreadDto, toThreadCountsDto } from './mappers.ts';
import {
  MessageThreadAssignParameters,
  MessageThreadAssignResult,
  MessageThreadGetAllParameters,
  MessageThreadParameters,
  MessageThreadResult,
  MessageThreadsResult,
} from './schemas.ts';

const tags = ['Inbox: message threads'];

export const inboxThreadRoutes: FastifyPluginAsyncTypebox<{ messaging: MessagingStore; enterprise: EnterpriseStore }> = async (
  app,
  stores,
) => {
  app.post(
    '/messageThreads/getAll',
    {
      schema: {
        tags,
        operationId: 'enterprise_messageThreads_getAll',
        summary: 'Get all message threads of the enterprise',
        description:
          'Every thread of the signed-in staff member\'s enterprise, from every application, latest activity (UpdatedUtc) first, with the application\'s name, the staff member it is assigned to, the last message and whether this staff member has unread news in it; the first page also counts the open and resolved threads the filter matches.',
        body: MessageThreadGetAllParameters,
        response: { 200: MessageThreadsResult, ...errorResponses },
      },
    },
    async function getAllThreads(request) {
      const { Limitation, IsResolved, Search, Assignment } = request.body;
      const page = await listInboxThreads(stores.enterprise, request.staff, {
        limitation: Limitation,
        isResolved: IsResolved,
        search: Search,
        assignment: Assignment,
      });
      return { MessageThreads: page.items.map(toInboxThreadDto), Cursor: page.cursor, Counts: page.counts && toThreadCountsDto(page.counts) };
    },
  );

  for (const [action, isResolved] of [['resolve', true], ['reopen', false]] as const) {
    app.post(
      `/messageThreads/${action}`,
      {
        schema: {
          tags,
          operationId: `enterprise_messageThreads_${action}`,
          summary: isResolved ? 'Resolve a message thread' : 'Reopen a message thread',
          description: `Sets IsResolved to ${isResolved} (the integration sees it through the Connector API) and moves UpdatedUtc; nothing changes when it already is. A thread of another enterprise is 400 Invalid MessageThreadId.`,
          body: MessageThreadParameters,
          response: { 200: MessageThreadResult, ...errorResponses },
        },
      },
      async function setResolved(request) {
        const thread = await setMessageThreadResolved(stores, request.staff, request.body.MessageThreadId, isResolved);
        return { MessageThread: toMessageThreadDto(thread) };
      },
    );
  }

  app.post(
    '/messageThreads/assign',
    {
      schema: {
        tags,
        operationId: 'enterprise_messageThreads_assign',
        summary: 'Assign a message thread to a staff member',
        description:
          'Assigns the thread to a staff member of the enterprise (the signed-in one or a colleague), or to nobody (StaffId null). Every open inbox hears of it (MessageThreadAssigned); the integration sees nothing, UpdatedUtc stays. A thread of another enterprise is 400 Invalid MessageThreadId, a staff member of another enterprise 400 Invalid StaffId.',
        body: MessageThreadAssignParameters,
        response: { 200: MessageThreadAssignResult, ...errorResponses },
      },
    },
    async function assign(request) {
      const { MessageThreadId, StaffId } = request.body;
      const { thread, assignee } = await assignMessageThread(stores, request.staff, { messageThreadId: MessageThreadId, staffId: StaffId });
      return { MessageThread: toMessageThreadDto(thread), AssignedStaff: assignee && toColleagueDto(assignee) };
    },
  );
};
