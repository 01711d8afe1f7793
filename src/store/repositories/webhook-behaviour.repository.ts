import type { Kysely, Selectable } from 'kysely';
import type { SandboxId } from '../../domain/model.ts';
import { behaviourRandom, defaultWebhookBehaviour, type WebhookBehaviour, type WebhookBehaviourStore } from '../../domain/webhook-behaviour.ts';
import { definedOnly } from './defined-only.ts';
import type { Database, WebhookBehaviourTable } from '../database.ts';

function toWebhookBehaviour(row: Selectable<WebhookBehaviourTable>): WebhookBehaviour {
  return {
    sandboxId: row.sandbox_id,
    lagMs: row.lag_ms,
    lagJitterMs: row.lag_jitter_ms,
    failNextCount: row.fail_next_count,
    failNextStatus: row.fail_next_status,
    failNextTimeout: row.fail_next_timeout === 1,
    duplicateProbability: Number(row.duplicate_probability),
    reorder: row.reorder === 1,
  };
}

/** A sandbox's behaviour as its deliveries' claims use it, with the random numbers drawn from its Seed. */
export interface SandboxWebhookBehaviour {
  readonly behaviour: WebhookBehaviour;
  readonly random: (label: string) => number;
}

/** The behaviour of a sandbox, if it has one. */
export async function sandboxWebhookBehaviour(db: Kysely<Database>, sandboxId: SandboxId): Promise<SandboxWebhookBehaviour | undefined> {
  const row = await db
    .selectFrom('webhook_behaviours as b')
    .innerJoin('sandboxes as s', 's.id', 'b.sandbox_id')
    .selectAll('b')
    .select('s.seed')
    .where('b.sandbox_id', '=', sandboxId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { seed, ...behaviour } = row;
  return { behaviour: toWebhookBehaviour(behaviour), random: behaviourRandom(seed) };
}

/** The behaviour of the sandbox an application belongs to, if it has one. */
export async function applicationWebhookBehaviour(db: Kysely<Database>, applicationId: string): Promise<SandboxWebhookBehaviour | undefined> {
  const application = await db.selectFrom('applications').select('sandbox_id').where('id', '=', applicationId).executeTakeFirst();
  return application?.sandbox_id == null ? undefined : sandboxWebhookBehaviour(db, application.sandbox_id);
}

/**
 * Takes one of the sandbox's FailNext attempts, if any is left: one atomic decrement, so that processes sharing the
 * database fail exactly Count attempts between them. Returns how the taken attempt fails.
 */
export async function takeFailedAttempt(
  db: Kysely<Database>,
  sandboxId: SandboxId,
): Promise<{ readonly statusCode: number } | { readonly timeout: true } | undefined> {
  const row = await db
    .updateTable('webhook_behaviours')
    .set((eb) => ({ fail_next_count: eb('fail_next_count', '-', 1) }))
    .where('sandbox_id', '=', sandboxId)
    .where('fail_next_count', '>', 0)
    .returning(['fail_next_status', 'fail_next_timeout'])
    .executeTakeFirst();
  if (!row) return undefined;
  return row.fail_next_timeout === 1 || row.fail_next_status === null ? { timeout: true } : { statusCode: row.fail_next_status };
}

/** A sandbox's behaviour goes with its activity (reset) and with it (remove). */
export async function deleteWebhookBehaviour(db: Kysely<Database>, sandboxId: SandboxId): Promise<void> {
  await db.deleteFrom('webhook_behaviours').where('sandbox_id', '=', sandboxId).execute();
}

export function webhookBehaviourRepository(db: Kysely<Database>): WebhookBehaviourStore {
  return {
    async findWebhookBehaviour(sandboxId) {
      return (await sandboxWebhookBehaviour(db, sandboxId))?.behaviour;
    },
    async saveWebhookBehaviour(sandboxId, changes) {
      const columns = {
        lag_ms: changes.lagMs,
        lag_jitter_ms: changes.lagJitterMs,
        fail_next_count: changes.failNextCount,
        fail_next_status: changes.failNextStatus,
        fail_next_timeout: changes.failNextTimeout === undefined ? undefined : Number(changes.failNextTimeout),
        duplicate_probability: changes.duplicateProbability,
        reorder: changes.reorder === undefined ? undefined : Number(changes.reorder),
      };
      const changed = definedOnly(columns);
      const defaults = defaultWebhookBehaviour(sandboxId);
      const insert = db.insertInto('webhook_behaviours').values({
        sandbox_id: sandboxId,
        lag_ms: defaults.lagMs,
        lag_jitter_ms: defaults.lagJitterMs,
        fail_next_count: defaults.failNextCount,
        fail_next_status: defaults.failNextStatus,
        fail_next_timeout: Number(defaults.failNextTimeout),
        duplicate_probability: defaults.duplicateProbability,
        reorder: Number(defaults.reorder),
        ...changed,
      });
      // Only the changed columns: a FailNext count being taken from meanwhile keeps its value.
      await (Object.keys(changed).length === 0
        ? insert.onConflict((oc) => oc.column('sandbox_id').doNothing())
        : insert.onConflict((oc) => oc.column('sandbox_id').doUpdateSet(changed))
      ).execute();
      return (await sandboxWebhookBehaviour(db, sandboxId))!.behaviour;
    },
  };
}
