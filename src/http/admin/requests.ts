import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AdminReader } from '../../domain/admin-store.ts';
import { getJournalEntries, requireJournalSandbox, type JournalEntry, type RequestJournal } from '../../domain/request-journal.ts';
import { HEARTBEAT_MS } from '../enterprise/events.ts';
import { Limitation } from '../shared/schemas/limitation.ts';
import { Nullable, Uuid } from '../shared/schemas/primitives.ts';
import { adminRoute } from './route.ts';
import { adminErrorResponses } from './schemas.ts';

const tags = ['Admin: request journal'];

/** A late commit (PostgreSQL, two processes) is still streamed if it shows up within this long of a newer entry. */
const LATE_COMMIT_WINDOW_MS = 10_000;
const STREAM_BATCH = 1000;

const Operation = Type.String({ minLength: 1, maxLength: 100, description: 'A Connector API operation, `messageThreads/add`.' });
const HttpStatus = Type.Integer({ minimum: 100, maximum: 599 });

const JournalEntryDto = Type.Object({
  Id: Uuid,
  SandboxId: Uuid,
  Method: Type.String(),
  Operation,
  Status: { ...HttpStatus, description: 'The HTTP status of the answer.' },
  DurationMs: Type.Number({ description: 'From the request\'s arrival to its answer\'s last byte, in milliseconds.' }),
  RequestId: Type.String({ description: 'The answer\'s `Request-Id` header.' }),
  CreatedUtc: Type.String({ format: 'date-time', description: 'When the request arrived, to the millisecond.' }),
  RequestBody: Type.Unknown({
    description: 'The request body as parsed, with ClientToken, AccessToken and every value of a key matching /token|secret|password/i masked to `••••` and its last 4 characters; null when it was not JSON.',
  }),
  ResponseBody: Type.Unknown({ description: 'The answer\'s body, masked alike; null when it was empty or not JSON.' }),
  FaultId: Nullable({ ...Type.String(), description: 'The injected fault that answered instead of the operation; null when none did.' }),
});

const RequestGetAllParameters = Type.Object({
  SandboxId: Uuid,
  Limitation,
  Operation: Type.Optional(Operation),
  Status: Type.Optional(HttpStatus),
  RequestId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
const RequestsResult = Type.Object({
  Requests: Type.Array(JournalEntryDto),
  Cursor: Nullable({ ...Uuid, description: 'The last (oldest) entry\'s Id: pass it back for the next page; null when the page is empty.' }),
});
const StreamQuery = Type.Object({ SandboxId: Uuid });

/** How `requests/getAll` and the stream show an entry. */
export function toJournalEntryDto(entry: JournalEntry): Static<typeof JournalEntryDto> {
  return {
    Id: entry.id,
    SandboxId: entry.sandboxId,
    Method: entry.method,
    Operation: entry.operation,
    Status: entry.status,
    DurationMs: entry.durationMs,
    RequestId: entry.requestId,
    CreatedUtc: new Date(entry.createdMs).toISOString(),
    RequestBody: entry.requestBody,
    ResponseBody: entry.responseBody,
    FaultId: entry.faultId,
  };
}

/**
 * Reads a sandbox's new entries on from `afterSeq`, oldest first. Numbers are drawn at insert and seen at commit, which
 * with several processes need not be in order: the last LATE_COMMIT_WINDOW_MS of entries are read again, and what was
 * sent already is passed over.
 */
function follower(store: Pick<RequestJournal, 'readJournalEntries'>, sandboxId: string, afterSeq: number) {
  let floor = afterSeq;
  /** The seqs sent above `floor`, with when. */
  const sent = new Map<number, number>();
  return async function next(): Promise<JournalEntry[]> {
    const now = Date.now();
    const entries = await store.readJournalEntries(sandboxId, floor, [], STREAM_BATCH);
    const fresh = entries.filter((entry) => !sent.has(entry.seq));
    for (const entry of fresh) sent.set(entry.seq, now);
    // A full batch: no waiting for late ones, or the stream would not move on.
    const cutoff = entries.length === STREAM_BATCH ? Infinity : now - LATE_COMMIT_WINDOW_MS;
    for (const [seq, at] of sent) {
      if (at > cutoff) continue;
      floor = Math.max(floor, seq);
      sent.delete(seq);
    }
    for (const seq of sent.keys()) if (seq <= floor) sent.delete(seq);
    return fresh;
  };
}

/** The request journal of sandboxes: a page of it, and a live stream of new entries. */
export const requestJournalRoutes: FastifyPluginAsyncTypebox<{
  store: Pick<AdminReader, 'findSandbox'> & RequestJournal;
  pollMs: number;
}> = async (app, { store, pollMs }) => {
  app.post(
    '/requests/getAll',
    adminRoute({
      tags,
      operationId: 'admin_requests_getAll',
      summary: 'Get all recorded requests',
      description:
        'A sandbox\'s Connector API requests and their answers, newest first: method, operation, status, duration, Request-Id, the bodies with secrets masked, and the fault that answered if one did; optionally of one Operation, Status or RequestId. Kept JOURNAL_MAX_ENTRIES per sandbox, for JOURNAL_RETENTION_HOURS; recorded within about 100 ms of the answer.',
      body: RequestGetAllParameters,
      response: RequestsResult,
    }),
    async (request) => {
      const { SandboxId, Limitation: limitation, Operation: operation, Status: status, RequestId: requestId } = request.body;
      const page = await getJournalEntries(store, { sandboxId: SandboxId, limitation, operation, status, requestId });
      return { Requests: page.items.map(toJournalEntryDto), Cursor: page.cursor };
    },
  );

  /** How each open stream is ended: closing the server ends them, so that it does not wait for them. */
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/requests/stream',
    {
      schema: {
        tags,
        operationId: 'admin_requests_stream',
        summary: 'Live recorded requests (Server-Sent Events)',
        description: `text/event-stream of the sandbox's requests recorded from the moment of connecting, by any server process: each event's data is an entry as \`requests/getAll\` shows it. A \`: heartbeat\` comment comes every ${HEARTBEAT_MS / 1000} s.`,
        querystring: StreamQuery,
        security: [{ adminToken: [] }],
        response: adminErrorResponses,
      },
    },
    async function stream(request, reply) {
      const { SandboxId } = request.query;
      await requireJournalSandbox(store, SandboxId);
      const next = follower(store, SandboxId, await store.latestJournalSeq());
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'request-id': request.id,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      if (request.method === 'HEAD') return void raw.end();
      raw.write('retry: 2000\n\n');
      let timer: NodeJS.Timeout | undefined;
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        clearTimeout(timer);
        raw.end();
      };
      open.add(end);
      raw.on('close', end);
      const poll = async () => {
        try {
          for (const entry of await next()) raw.write(`id: ${entry.seq}\ndata: ${JSON.stringify(toJournalEntryDto(entry))}\n\n`);
        } catch (error) {
          request.log.warn({ err: error }, 'reading the request journal failed; retrying');
        }
        if (open.has(end)) timer = setTimeout(() => void poll(), pollMs);
      };
      timer = setTimeout(() => void poll(), pollMs);
    },
  );
};
