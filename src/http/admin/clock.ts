import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { advanceClock, getClock, MAX_ADVANCE_SECONDS, resumeClock, setClock, type ClockView } from '../../domain/sandbox-clock.ts';
import { formatUtc } from '../../domain/time.ts';
import { UtcDateTime, Uuid } from '../shared/schemas/primitives.ts';
import { adminRoute } from './route.ts';
import { SandboxParameters } from './schemas.ts';

const tags = ['Admin: sandbox clocks'];

export const Clock = Type.Object({
  SandboxId: Uuid,
  NowUtc: { ...UtcDateTime, description: 'The sandbox\'s time now: what its new data is stamped with.' },
  Frozen: Type.Boolean({ description: 'Whether the clock stands still until set or advanced.' }),
  IsRealTime: Type.Boolean({ description: 'Whether the clock follows real time (never set, resumed, or the sandbox reset).' }),
});
const ClockResult = Type.Object({ Clock });
const ClockSetParameters = Type.Object({
  SandboxId: Uuid,
  NowUtc: Type.String({
    description:
      'The time to set, `YYYY-MM-DDThh:mm:ssZ`. Before the sandbox\'s newest thread or message, the clock is set to that instead, so that new data never sorts before older data.',
  }),
  Frozen: Type.Optional(Type.Boolean({ description: 'Stand still at NowUtc; default false: run on from it.' })),
});
const ClockAdvanceParameters = Type.Object({
  SandboxId: Uuid,
  Seconds: Type.Integer({ minimum: 1, maximum: MAX_ADVANCE_SECONDS, description: `Whole seconds, 1 to ${MAX_ADVANCE_SECONDS}.` }),
});

function toClockDto(clock: ClockView): Static<typeof Clock> {
  return { SandboxId: clock.sandboxId, NowUtc: formatUtc(clock.nowUtc), Frozen: clock.frozen, IsRealTime: clock.isRealTime };
}

/**
 * A clock per sandbox: every timestamp its data gets comes from it, in every server process from the next request on.
 * Other sandboxes and the operator's own tenants stay on real time.
 */
export const clockRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/clock/get',
    adminRoute({ tags, operationId: 'admin_clock_get', summary: 'Get sandbox clock', description: 'The sandbox\'s time and how its clock runs.', body: SandboxParameters, response: ClockResult }),
    async (request) => ({ Clock: toClockDto(await getClock(store, request.body.SandboxId)) }),
  );

  app.post(
    '/clock/set',
    adminRoute({
      tags,
      operationId: 'admin_clock_set',
      summary: 'Set sandbox clock',
      description:
        'From now on the sandbox\'s time is NowUtc, running on from it or frozen there: the CreatedUtc and UpdatedUtc of its threads and messages, its staff sessions\' ExpiresUtc and its auto-replies\' due times follow it.',
      body: ClockSetParameters,
      response: ClockResult,
    }),
    async (request) => {
      const { SandboxId, NowUtc, Frozen } = request.body;
      return { Clock: toClockDto(await setClock(store, { sandboxId: SandboxId, nowUtc: NowUtc, frozen: Frozen })) };
    },
  );

  app.post(
    '/clock/advance',
    adminRoute({
      tags,
      operationId: 'admin_clock_advance',
      summary: 'Advance sandbox clock',
      description: 'Moves the sandbox\'s time Seconds ahead, frozen or running (a clock on real time then runs ahead of it).',
      body: ClockAdvanceParameters,
      response: ClockResult,
    }),
    async (request) => {
      const { SandboxId, Seconds } = request.body;
      return { Clock: toClockDto(await advanceClock(store, { sandboxId: SandboxId, seconds: Seconds })) };
    },
  );

  app.post(
    '/clock/resume',
    adminRoute({
      tags,
      operationId: 'admin_clock_resume',
      summary: 'Resume real time',
      description: 'The sandbox\'s clock follows real time again, though never earlier than its newest thread or message. sandboxes/reset does this too.',
      body: SandboxParameters,
      response: ClockResult,
    }),
    async (request) => ({ Clock: toClockDto(await resumeClock(store, request.body.SandboxId)) }),
  );
};
