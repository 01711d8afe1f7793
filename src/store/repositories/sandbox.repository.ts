import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { Sandbox, SandboxId, SandboxStaff } from '../../domain/model.ts';
import { DEMO_SANDBOX_ID, DEMO_SANDBOX_NAME } from '../../domain/sandboxes.ts';
import type { Database, SandboxTable } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import {
  SANDBOX_APPLICATIONS,
  SANDBOX_ENTERPRISES,
  SANDBOX_PORTFOLIO_ACCESS_TOKEN,
  SANDBOX_STAFF,
  SANDBOX_STAFF_PASSWORD,
  seedSandboxThread,
} from '../sandbox-seed.ts';
import { deleteSandboxFaults } from './fault.repository.ts';
import { toMessageThread } from './message-thread.repository.ts';
import { deleteSandboxJournal } from './request-journal.repository.ts';
import { resetSandboxClock } from './sandbox-clock.repository.ts';
import { toStaff } from './staff.repository.ts';
import { deleteWebhookBehaviour } from './webhook-behaviour.repository.ts';

async function withEnterprises(db: Kysely<Database>, rows: Selectable<SandboxTable>[]): Promise<Sandbox[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('enterprises')
    .select(['id', 'sandbox_id'])
    .where('sandbox_id', 'in', rows.map((row) => row.id))
    .orderBy('created_utc')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    seed: row.seed,
    applicationId: row.application_id,
    portfolioAccessTokenId: row.portfolio_access_token_id,
    createdUtc: row.created_utc,
    expiresUtc: row.expires_utc,
    enterpriseIds: members.filter((member) => member.sandbox_id === row.id).map((member) => member.id),
  }));
}

/** The administration's reads of sandboxes. */
export function sandboxRepository(
  db: Kysely<Database>,
): Pick<AdminReader, 'listSandboxes' | 'findSandbox' | 'listSandboxStaff' | 'listExpiredSandboxes' | 'findSandboxThread'> {
  return {
    async listSandboxes() {
      return withEnterprises(db, await db.selectFrom('sandboxes').selectAll().orderBy('created_utc').orderBy('id').execute());
    },
    async findSandbox(id: SandboxId) {
      const [sandbox] = await withEnterprises(db, await db.selectFrom('sandboxes').selectAll().where('id', '=', id).execute());
      return sandbox;
    },
    async listSandboxStaff(id: SandboxId): Promise<SandboxStaff[]> {
      const rows = await db
        .selectFrom('sandbox_staff as ss')
        .innerJoin('staff as s', 's.id', 'ss.staff_id')
        .select(['s.id', 's.enterprise_id', 's.email', 's.name', 's.created_utc', 'ss.password'])
        .where('ss.sandbox_id', '=', id)
        .orderBy('s.created_utc')
        .orderBy('s.email')
        .execute();
      return rows.map(({ password, ...staff }) => ({ staff: toStaff(staff), password }));
    },
    async listExpiredSandboxes(nowUtc) {
      const rows = await db.selectFrom('sandboxes').select('id').where('expires_utc', '<', nowUtc).execute();
      return rows.map((row) => row.id);
    },
    async findSandboxThread(id) {
      const row = await db
        .selectFrom('message_threads as t')
        .innerJoin('enterprises as e', 'e.id', 't.enterprise_id')
        .selectAll('t')
        .where('t.id', '=', id)
        .where('e.sandbox_id', 'is not', null)
        .executeTakeFirst();
      return row && toMessageThread(row);
    },
  };
}

/**
 * A sandbox's members: its enterprises and applications, and the applications that reach its enterprises through an
 * integration an operator added (whose rows there go with the sandbox too).
 */
async function membersOf(db: Kysely<Database>, id: SandboxId) {
  const [enterprises, applications] = await Promise.all([
    db.selectFrom('enterprises').select('id').where('sandbox_id', '=', id).execute(),
    db.selectFrom('applications').select('id').where('sandbox_id', '=', id).execute(),
  ]);
  const enterpriseIds = enterprises.map((row) => row.id);
  const applicationIds = applications.map((row) => row.id);
  const reaching =
    enterpriseIds.length === 0
      ? []
      : (await db.selectFrom('integrations').select('application_id').where('enterprise_id', 'in', enterpriseIds).execute()).map(
          (row) => row.application_id,
        );
  return { enterpriseIds, applicationIds, touchingApplicationIds: [...new Set([...applicationIds, ...reaching])] };
}

type Members = Awaited<ReturnType<typeof membersOf>>;

type MembersTable = 'message_threads' | 'webhook_deliveries' | 'webhook_events';

/** Rows of one of the sandbox's applications, or of one of its enterprises. */
function ofMembers(members: Members) {
  return (eb: ExpressionBuilder<Database, MembersTable>) =>
    eb.or([
      ...(members.applicationIds.length > 0 ? [eb('application_id', 'in', members.applicationIds)] : []),
      ...(members.enterpriseIds.length > 0 ? [eb('enterprise_id', 'in', members.enterpriseIds)] : []),
    ]);
}

/**
 * Deletes the rows of `table` that are the sandbox's: those of one of its applications, or of one of its enterprises
 * (then of an application that reaches it). The application id comes first, so that its index finds them.
 */
function deleteMembersRows(db: Kysely<Database>, table: MembersTable, members: Members) {
  return db
    .deleteFrom(table)
    .where('application_id', 'in', members.touchingApplicationIds)
    .where(ofMembers(members))
    .execute();
}

/** Deletes what happened in a sandbox: its threads and messages, webhook outbox and log, activity feed and sessions. */
async function deleteActivity(db: Kysely<Database>, members: Members): Promise<void> {
  const { enterpriseIds, touchingApplicationIds } = members;
  if (touchingApplicationIds.length > 0) {
    const threads = db
      .selectFrom('message_threads')
      .select('id')
      .where('application_id', 'in', touchingApplicationIds)
      .where(ofMembers(members));
    await db.deleteFrom('messages').where('message_thread_id', 'in', threads).execute();
    await db.deleteFrom('staff_thread_reads').where('message_thread_id', 'in', threads).execute();
    await deleteMembersRows(db, 'message_threads', members);

    const deliveries = db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('application_id', 'in', touchingApplicationIds)
      .where(ofMembers(members));
    await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
    await deleteMembersRows(db, 'webhook_events', members);
    await deleteMembersRows(db, 'webhook_deliveries', members);
  }
  if (enterpriseIds.length > 0) {
    await db.deleteFrom('activity_feed').where('enterprise_id', 'in', enterpriseIds).execute();
    const staff = db.selectFrom('staff').select('id').where('enterprise_id', 'in', enterpriseIds);
    await db.deleteFrom('staff_sessions').where('staff_id', 'in', staff).execute();
  }
}

/** Deletes a sandbox's auto-replies, and the replies due in its enterprises. */
async function deleteAutoReplies(db: Kysely<Database>, id: SandboxId): Promise<void> {
  const enterprises = db.selectFrom('enterprises').select('id').where('sandbox_id', '=', id);
  await db.deleteFrom('due_auto_replies').where('enterprise_id', 'in', enterprises).execute();
  await db.deleteFrom('auto_replies').where('sandbox_id', '=', id).execute();
}

type RowLocks = Pick<DialectAdapter, 'lockRows'>;

const sandboxRow = (db: Kysely<Database>, id: SandboxId) => db.selectFrom('sandboxes').select('id').where('id', '=', id);

/**
 * The lock on a sandbox's row that keeps its writes and its removal or reset apart. A write in the sandbox takes it
 * shared, before anything else, and is told whether the sandbox is still there; a removal or reset takes it exclusive,
 * before anything else. So a removal waits for the writes under way and then deletes what they wrote, and a write that
 * comes during a removal waits for it and then finds no sandbox, rather than either failing on a row the other deleted
 * or added meanwhile.
 */
export async function holdSandbox(db: Kysely<Database>, locks: RowLocks, id: SandboxId): Promise<boolean> {
  return (await locks.lockRows(sandboxRow(db, id), 'shared').executeTakeFirst()) !== undefined;
}

async function takeSandbox(db: Kysely<Database>, locks: RowLocks, id: SandboxId): Promise<void> {
  await locks.lockRows(sandboxRow(db, id), 'exclusive').execute();
}

/** The administration's writes of sandboxes, inside its transaction. */
export function sandboxWriter(
  db: Kysely<Database>,
  locks: RowLocks,
): Pick<AdminWriter, 'insertSandbox' | 'deleteSandboxActivity' | 'deleteSandbox'> {
  return {
    async insertSandbox(sandbox, applicationIds, staff) {
      const row = {
        id: sandbox.id,
        name: sandbox.name,
        seed: sandbox.seed,
        application_id: sandbox.applicationId,
        portfolio_access_token_id: sandbox.portfolioAccessTokenId,
        created_utc: sandbox.createdUtc,
        expires_utc: sandbox.expiresUtc,
      };
      if (sandbox.seed === null) await db.insertInto('sandboxes').values({ ...row, id_seed: null }).execute();
      else {
        // The n-th sandbox with a seed draws its ids from `seed#n` (the first from the seed itself): the same requests
        // on a fresh server give the same ids, and no two sandboxes draw the same. Taken numbers, a removed
        // sandbox's gap or a concurrent insert, are passed over.
        const { count } = await db
          .selectFrom('sandboxes')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('seed', '=', sandbox.seed)
          .executeTakeFirstOrThrow();
        for (let n = Number(count) + 1; ; n++) {
          const inserted = await db
            .insertInto('sandboxes')
            .values({ ...row, id_seed: n === 1 ? sandbox.seed : `${sandbox.seed}#${n}` })
            .onConflict((oc) => oc.column('id_seed').doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) break;
        }
      }
      await db.updateTable('enterprises').set({ sandbox_id: sandbox.id }).where('id', 'in', sandbox.enterpriseIds).execute();
      await db.updateTable('applications').set({ sandbox_id: sandbox.id }).where('id', 'in', applicationIds).execute();
      if (staff.length > 0) {
        await db
          .insertInto('sandbox_staff')
          .values(staff.map(({ staffId, password }) => ({ staff_id: staffId, sandbox_id: sandbox.id, password })))
          .execute();
      }
    },
    async deleteSandboxActivity(id) {
      await takeSandbox(db, locks, id);
      await deleteActivity(db, await membersOf(db, id));
      await deleteAutoReplies(db, id);
      await deleteWebhookBehaviour(db, id);
      await deleteSandboxJournal(db, id);
      await deleteSandboxFaults(db, id);
      await resetSandboxClock(db, id);
      // Reset is back to the seed state: the demo's thread is part of it.
      if (id === DEMO_SANDBOX_ID) await seedSandboxThread(db);
    },
    async deleteSandbox(id) {
      await takeSandbox(db, locks, id);
      const members = await membersOf(db, id);
      await deleteActivity(db, members);
      await deleteAutoReplies(db, id);
      await deleteWebhookBehaviour(db, id);
      await deleteSandboxJournal(db, id);
      await deleteSandboxFaults(db, id);
      const { enterpriseIds, applicationIds } = members;
      await db.deleteFrom('sandbox_staff').where('sandbox_id', '=', id).execute();
      if (enterpriseIds.length > 0) {
        await db.deleteFrom('staff').where('enterprise_id', 'in', enterpriseIds).execute();
        await db.deleteFrom('quick_replies').where('enterprise_id', 'in', enterpriseIds).execute();
        await db.deleteFrom('access_token_enterprises').where('enterprise_id', 'in', enterpriseIds).execute();
        await db.deleteFrom('integrations').where('enterprise_id', 'in', enterpriseIds).execute();
      }
      if (applicationIds.length > 0) {
        const tokens = db.selectFrom('access_tokens').select('id').where('application_id', 'in', applicationIds);
        await db.deleteFrom('access_token_enterprises').where('access_token_id', 'in', tokens).execute();
        await db.deleteFrom('access_tokens').where('application_id', 'in', applicationIds).execute();
        await db.deleteFrom('integrations').where('application_id', 'in', applicationIds).execute();
        await db.deleteFrom('applications').where('id', 'in', applicationIds).execute();
      }
      if (enterpriseIds.length > 0) await db.deleteFrom('enterprises').where('id', 'in', enterpriseIds).execute();
      const deleted = await db.deleteFrom('sandboxes').where('id', '=', id).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}

/**
 * Makes the seeded demo tenants the sandbox `demo` (`DEMO_SANDBOX_ID`), where they are not yet: its credentials are
 * those of the first demo application. Runs after the seed, by the demo's fixed ids; idempotent like it.
 */
export async function markDemoSandbox(db: Kysely<Database>, nowUtc: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sandboxes')
      .values({
        id: DEMO_SANDBOX_ID,
        name: DEMO_SANDBOX_NAME,
        seed: null,
        application_id: SANDBOX_APPLICATIONS[0].id,
        portfolio_access_token_id: SANDBOX_PORTFOLIO_ACCESS_TOKEN.id,
        created_utc: nowUtc,
        expires_utc: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const sandbox = { sandbox_id: DEMO_SANDBOX_ID };
    await trx
      .updateTable('enterprises')
      .set(sandbox)
      .where('id', 'in', SANDBOX_ENTERPRISES.map((e) => e.id))
      .where('sandbox_id', 'is', null)
      .execute();
    await trx
      .updateTable('applications')
      .set(sandbox)
      .where('id', 'in', SANDBOX_APPLICATIONS.map((a) => a.id))
      .where('sandbox_id', 'is', null)
      .execute();
    const staff = await trx.selectFrom('staff').select('id').where('id', 'in', SANDBOX_STAFF.map((s) => s.id)).execute();
    if (staff.length > 0) {
      await trx
        .insertInto('sandbox_staff')
        .values(staff.map((s) => ({ staff_id: s.id, sandbox_id: DEMO_SANDBOX_ID, password: SANDBOX_STAFF_PASSWORD })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}
