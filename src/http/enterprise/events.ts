import type { FastifyInstance } from 'fastify';
import { ACTIVITY_DISCRIMINATORS, type Activity } from '../../domain/activity.ts';
import { formatUtc } from '../../domain/time.ts';
import type { ActivityHub } from '../../events/activity-hub.ts';

/** A comment line this often keeps proxies from closing an idle stream. */
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
 * long as the session lasts (the hub ends it with the session). The stream is written by hand: a few lines of the
 * text/event-stream format.
 */
export async function eventRoutes(app: FastifyInstance, options: { hub: ActivityHub }) {
  /** How each open stream is ended. */
  const open = new Set<() => void>();
  // Streams end only with their session; closing the server ends them so that it does not wait for them.
  app.addHook('preClose', async () => {
    for (const end of open) end();
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
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, headers);
      // HEAD: the headers of the stream and no stream. Node writes no body for HEAD, nor a length the GET would not have.
      if (request.method === 'HEAD') return void stream.end();
      stream.write('retry: 2000\n\n');
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      // Once, whichever comes first: the session's end, the client leaving, the server closing. Nothing is written after.
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        unsubscribe();
        stream.end();
      };
      open.add(end);
      const unsubscribe = options.hub.subscribe(
        { token: request.sessionToken, staff: request.staff },
        (activity) => stream.write(formatActivityEvent(activity)),
        end,
      );
      stream.on('close', end);
    },
  );
}
