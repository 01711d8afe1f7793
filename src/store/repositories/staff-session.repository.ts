import type { Kysely } from 'kysely';
import type { EnterpriseStore, StaffCredentials, StaffSessionRecord } from '../../domain/enterprise-store.ts';
import { secretHash } from '../../domain/secret-hash.ts';
import type { StaffMember } from '../../domain/staff-sessions.ts';
import type { StaffSessionGrant } from '../../domain/tenancy.ts';
import type { Database } from '../database.ts';
import { SANDBOX_CONTEXT_COLUMNS, toSandboxContext } from './sandbox-clock.repository.ts';

/**
 * A staff member with what the domain decides from of their enterprise: its name, whether it is enabled, and its
 * sandbox's clock and seed (read with the session, rather than by a lookup of their own).
 */
function staffWithEnterprise(db: Kysely<Database>) {
  return db
    .selectFrom('staff as s')
    .innerJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .leftJoin('sandboxes as sb', 'sb.id', 'e.sandbox_id')
    .select(['s.id', 's.enterprise_id', 'e.name as enterprise_name', 's.email', 's.name', 'e.is_enabled'])
    .select(SANDBOX_CONTEXT_COLUMNS);
}

type StaffRow = { id: string; enterprise_id: string; enterprise_name: string; email: string; name: string } & Parameters<typeof toSandboxContext>[0];

function toStaffMember(row: StaffRow): StaffMember {
  return { id: row.id, enterpriseId: row.enterprise_id, enterpriseName: row.enterprise_name, email: row.email, name: row.name, sandbox: toSandboxContext(row) };
}

/** Sessions with their staff member and what the domain decides from (see `StaffSessionGrant`). */
function sessionGrants(db: Kysely<Database>) {
  return staffWithEnterprise(db).innerJoin('staff_sessions as ss', 'ss.staff_id', 's.id').select('ss.expires_utc');
}

function toGrant(row: Parameters<typeof toStaffMember>[0] & { expires_utc: number; is_enabled: number }): StaffSessionGrant {
  return { staff: toStaffMember(row), expiresUtc: row.expires_utc, enterpriseIsEnabled: row.is_enabled === 1 };
}

/** Tokens looked up by one statement, well below either engine's limit of bound parameters. */
const SESSIONS_PER_STATEMENT = 500;

/** Staff and their sessions. Each write is one statement, atomic on its own. */
export function staffSessionRepository(
  db: Kysely<Database>,
): Pick<
  EnterpriseStore,
  'findStaffByEmail' | 'insertStaffSession' | 'findStaffSession' | 'findStaffSessions' | 'deleteStaffSession' | 'deleteExpiredStaffSessions'
> {
  return {
    async findStaffByEmail(email: string): Promise<StaffCredentials | undefined> {
      const row = await staffWithEnterprise(db).select('s.password_hash').where('s.email', '=', email).executeTakeFirst();
      return row && { staff: toStaffMember(row), passwordHash: row.password_hash, enterpriseIsEnabled: row.is_enabled === 1 };
    },
    async insertStaffSession(session: StaffSessionRecord): Promise<void> {
      await db
        .insertInto('staff_sessions')
        .values({
          token_hash: secretHash(session.token),
          staff_id: session.staffId,
          created_utc: session.createdUtc,
          expires_utc: session.expiresUtc,
        })
        .execute();
    },
    async findStaffSession(token: string): Promise<StaffSessionGrant | undefined> {
      const row = await sessionGrants(db).where('ss.token_hash', '=', secretHash(token)).executeTakeFirst();
      return row && toGrant(row);
    },
    async findStaffSessions(tokens: readonly string[]): Promise<Map<string, StaffSessionGrant>> {
      const tokenOf = new Map(tokens.map((token) => [secretHash(token), token]));
      const hashes = [...tokenOf.keys()];
      const found = new Map<string, StaffSessionGrant>();
      for (let start = 0; start < hashes.length; start += SESSIONS_PER_STATEMENT) {
        const rows = await sessionGrants(db)
          .select('ss.token_hash')
          .where('ss.token_hash', 'in', hashes.slice(start, start + SESSIONS_PER_STATEMENT))
          .execute();
        for (const row of rows) found.set(tokenOf.get(row.token_hash)!, toGrant(row));
      }
      return found;
    },
    async deleteStaffSession(token: string): Promise<void> {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', secretHash(token)).execute();
    },
    async deleteExpiredStaffSessions(now: number, sandboxId: string | null): Promise<void> {
      // Those on the same clock only: a sandbox's clock may be far from real time, and from other sandboxes' clocks.
      const sameClock = db
        .selectFrom('staff as s')
        .innerJoin('enterprises as e', 'e.id', 's.enterprise_id')
        .leftJoin('sandboxes as sb', 'sb.id', 'e.sandbox_id')
        .select('s.id')
        .where((eb) =>
          sandboxId !== null
            ? eb('e.sandbox_id', '=', sandboxId)
            : eb.or([eb('sb.id', 'is', null), eb.and([eb('sb.clock_offset_s', 'is', null), eb('sb.clock_frozen_utc', 'is', null), eb('sb.clock_floor_utc', 'is', null)])]),
        );
      await db.deleteFrom('staff_sessions').where('expires_utc', '<=', now).where('staff_id', 'in', sameClock).execute();
    },
  };
}
