import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ACTIVITY_DISCRIMINATORS, type Activity } from '../../domain/activity.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { authenticateStaff } from '../../domain/staff-sessions.ts';
import { formatUtc } from '../../domain/time.ts';
import type { ActivityHub } from '../../events/activity-hub.ts';

/** A comment line this often keeps proxies from closing an idle stream, and re-checks the session. */
export const HEARTBEAT_MS = 15_000;

/** One Server-Sent Event: the feed's seq as its id, the activity as JSON data. */
export function formatActivityEvent(activity: Activity): string {
  const data = {
    Discriminator: activity.discriminator,
    MessageThreadId: activity.messageThreadId,
    MessageId: activity.messageId,
    CreatedUtc: formatUtc(activity.createdUtc),
  };
  return `id: ${activity.seq}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `GET /events`: a Server-Sent Events stream of the enterprise's new threads, new messages and status changes, for as
 * long as the session lasts. The stream is written by hand: a few lines of the text/event-stream format.
 */
export async function eventRoutes(app: FastifyInstance, options: { hub: ActivityHub; store: EnterpriseStore }) {
  const open = new Set<ServerResponse>();
  // Streams never end on their own; closing the server ends them so that it does not wait for them.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/events',
    {
      schema: {
        tags: ['Inbox: events'],
        operationId: 'enterprise_events',
        summary: 'Live events (Server-Sent Events)',
        description: `text/event-stream of the enterprise's activity from the moment of connecting: each event's data is JSON \`{Discriminator: ${ACTIVITY_DISCRIMINATORS.join(' | ')}, MessageThreadId, MessageId, CreatedUtc}\`. A \`: heartbeat\` comment comes every ${HEARTBEAT_MS / 1000} s; the stream ends when the session does.`,
      },
    },
    async function events(request, reply) {
      const headers: Record<string, string> = {
        'request-id': request.id,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      };
      // HEAD: the stream's headers, and no stream.
      if (request.method === 'HEAD') return reply.headers(headers).send();
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, headers);
      stream.write('retry: 2000\n\n');
      open.add(stream);
      const unsubscribe = options.hub.subscribe(request.staff.enterpriseId, (activity) => stream.write(formatActivityEvent(activity)));
      const heartbeat = setInterval(() => {
        authenticateStaff(options.store, request.sessionToken).then(
          () => stream.write(': heartbeat\n\n'),
          () => stream.end(),
        );
      }, HEARTBEAT_MS);
      stream.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(stream);
      });
    },
  );
}
