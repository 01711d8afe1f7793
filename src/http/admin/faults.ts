import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AdminReader } from '../../domain/admin-store.ts';
import {
  addFault,
  FAULT_OPERATIONS,
  FAULT_STATUSES,
  listFaults,
  MAX_FAULT_COUNT,
  MAX_FAULT_DELAY_MS,
  MAX_FAULT_RETRY_AFTER_S,
  removeFault,
  type Fault as DomainFault,
  type FaultStore,
} from '../../domain/faults.ts';
import type { MessagingStore } from '../../domain/store.ts';
import { formatUtc } from '../../domain/time.ts';
import { Nullable, UtcDateTime, Uuid } from '../shared/schemas/primitives.ts';
import { adminRoute } from './route.ts';
import { Empty, SandboxParameters } from './schemas.ts';

const tags = ['Admin: fault injection'];

// Types only: the domain checks values (lists, ranges, combinations), with messages that name what is allowed.
const Operation = Type.String({ description: `The Connector operation it answers for: ${FAULT_OPERATIONS.join(', ')} (* is every one).` });
const AccessToken = Type.String({ description: 'Only requests with this AccessToken, one of the sandbox\'s; absent: any of them.' });
const Status = Type.Number({ description: `The error status it answers with: ${FAULT_STATUSES.join(', ')}; the contract's error body and headers.` });
const RetryAfterS = Type.Number({ description: `The Retry-After of a 429, 0 to ${MAX_FAULT_RETRY_AFTER_S} seconds; 1 when absent. Only with Status 429.` });
const DelayMs = Type.Number({ description: `Waits this long, 0 to ${MAX_FAULT_DELAY_MS} ms, before the fault's answer (alone: before the normal answer).` });
const Drop = Type.Boolean({ description: 'Closes the connection without an answer; not with a Status.' });
const Count = Type.Number({ description: `How many requests it fails, 1 to ${MAX_FAULT_COUNT}, counted once across every server process; absent: until removed.` });
const Probability = Type.Number({
  description: 'The chance, 0 to 1 (1 when absent), that a matching request meets it; drawn from the sandbox\'s Seed when it has one, so the same Seed gives the same sequence.',
});
const AfterCommit = Type.Boolean({ description: 'The request\'s work is done and committed first; the client then gets the fault instead of the answer.' });

export const Fault = Type.Object({
  Id: Uuid,
  SandboxId: Uuid,
  Operation,
  AccessToken: Nullable(AccessToken),
  Status: Nullable(Status),
  RetryAfterS: Nullable(RetryAfterS),
  DelayMs,
  Drop,
  Count: Nullable(Count),
  Probability,
  AfterCommit,
  FiredCount: Type.Integer({ description: 'How many requests it answered so far.' }),
  CreatedUtc: UtcDateTime,
});
export const FaultAddParameters = Type.Object({
  SandboxId: Uuid,
  Operation,
  AccessToken: Type.Optional(Nullable(AccessToken)),
  Status: Type.Optional(Nullable(Status)),
  RetryAfterS: Type.Optional(Nullable(RetryAfterS)),
  DelayMs: Type.Optional(Nullable(DelayMs)),
  Drop: Type.Optional(Nullable(Drop)),
  Count: Type.Optional(Nullable(Count)),
  Probability: Type.Optional(Nullable(Probability)),
  AfterCommit: Type.Optional(Nullable(AfterCommit)),
});
export const FaultRemoveParameters = Type.Object({ FaultId: Uuid });
export const FaultResult = Type.Object({ Fault });
export const FaultsResult = Type.Object({ Faults: Type.Array(Fault) });

function toFaultDto(fault: DomainFault): Static<typeof Fault> {
  return {
    Id: fault.id,
    SandboxId: fault.sandboxId,
    Operation: fault.operation,
    AccessToken: fault.accessToken,
    Status: fault.status,
    RetryAfterS: fault.retryAfterS,
    DelayMs: fault.delayMs,
    Drop: fault.drop,
    Count: fault.count,
    Probability: fault.probability,
    AfterCommit: fault.afterCommit,
    FiredCount: fault.firedCount,
    CreatedUtc: formatUtc(fault.createdUtc),
  };
}

/** A sandbox's injected faults: errors, delays and dropped connections its Connector requests meet, for testing clients. */
export const faultRoutes: FastifyPluginAsyncTypebox<{
  store: FaultStore & Pick<AdminReader, 'findSandbox'> & Pick<MessagingStore, 'findAccessTokenGrant'>;
}> = async (app, { store }) => {
  app.post(
    '/faults/add',
    adminRoute({
      tags,
      operationId: 'admin_faults_add',
      summary: 'Add fault',
      description:
        'From now on, the sandbox\'s Connector requests of Operation (with AccessToken, if given) meet the fault: the oldest matching fault of the sandbox fires, before the request limit. A fault must do something: a Status, Drop or a DelayMs.',
      body: FaultAddParameters,
      response: FaultResult,
    }),
    async (request) => {
      const body = request.body;
      const fault = await addFault(store, {
        sandboxId: body.SandboxId,
        operation: body.Operation,
        accessToken: body.AccessToken,
        status: body.Status,
        retryAfterS: body.RetryAfterS,
        delayMs: body.DelayMs,
        drop: body.Drop,
        count: body.Count,
        probability: body.Probability,
        afterCommit: body.AfterCommit,
      });
      return { Fault: toFaultDto(fault) };
    },
  );

  app.post(
    '/faults/getAll',
    adminRoute({
      tags,
      operationId: 'admin_faults_getAll',
      summary: 'Get all faults',
      description: 'The sandbox\'s faults, oldest first, each with how many times it fired (FiredCount).',
      body: SandboxParameters,
      response: FaultsResult,
    }),
    async (request) => ({ Faults: (await listFaults(store, request.body.SandboxId)).map(toFaultDto) }),
  );

  app.post(
    '/faults/remove',
    adminRoute({
      tags,
      operationId: 'admin_faults_remove',
      summary: 'Remove fault',
      description: 'The fault fires no more, whatever its Count.',
      body: FaultRemoveParameters,
      response: Empty,
    }),
    async (request) => {
      await removeFault(store, request.body.FaultId);
      return {};
    },
  );
};
