import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { REDACTED_PATHS } from '../../src/app.ts';
import { nowUtc } from '../../src/domain/time.ts';
import { toMessageThreadDto } from '../../src/http/shared/schemas/message-thread.ts';
import { MessageThreadAddParameters, MessageThreadResult } from '../../src/http/connector/schemas.ts';
import { responseContract } from '../../src/http/shared/response-contract.ts';
import { RequestLog } from '../../src/http/shared/request-log.ts';

/**
 * The framework's share of the ceiling: Fastify set up as the server sets it up (its logger at LOG_LEVEL, `info` by
 * default, with one redacted line per request, the response contract's `Request-Id` hook, the operation's body and response schemas), answering
 * messageThreads/add with a new thread but without the token check, the request limit, metrics or storage. Listens on
 * PORT.
 */
const app = Fastify({
  logger: { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
  logController: new RequestLog(),
  genReqId: () => randomUUID(),
}).withTypeProvider<TypeBoxTypeProvider>();
await app.register(responseContract, { development: false });
app.post(
  '/api/connector/v1/messageThreads/add',
  { schema: { body: MessageThreadAddParameters, response: { 200: MessageThreadResult } } },
  async (request) => {
    const now = nowUtc();
    const thread = { id: randomUUID(), enterpriseId: '', applicationId: '', createdUtc: now, updatedUtc: now, isResolved: false };
    const dto = toMessageThreadDto({ ...thread, originalSender: request.body.OriginalSender, subject: request.body.Subject });
    return { MessageThreads: [dto], Cursor: dto.Id };
  },
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
