import type { Kysely } from 'kysely';
import type { EnterpriseStore, StaffCredentials, StaffSessionRecord } from '../../domain/enterprise-store.ts';
import { secretHash } from '../../domain/secret-hash.ts';
import type { StaffMember } from '../../domain/staff-sessions.ts';
import type { Database } from '../database.ts';

function staffWithEnterprise(db: Kysely<Database>) {
  return db
    .selectFrom('staff as s')
    .innerJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .select(['s.id', 's.enterprise_id', 'e.name as enterprise_name', 's.email', 's.name', 's.password_hash', 'e.is_enabled']);
}

function toStaffMember(row: { id: string; enterprise_id: string; enterprise_name: string; email: string; name: string }): StaffMember {
  return { id: row.id, enterpriseId: row.enterprise_id, enterpriseName: row.enterprise_name, email: row.email, name: row.name };
}

/** Staff and their sessions. Each write is one statement, atomic on its own. */
export function staffSessionRepository(
  db: Kysely<Database>,
): Pick<EnterpriseStore, 'findStaffByEmail' | 'insertStaffSession' | 'findStaffBySession' | 'deleteStaffSession' | 'deleteExpiredStaffSessions'> {
  return {
    /** A staff member of an enabled enterprise, by lower-cased email. */
    async findStaffByEmail(email: string): Promise<StaffCredentials | undefined> {
      const row = await staffWithEnterprise(db).where('s.email', '=', email).where('e.is_enabled', '=', 1).executeTakeFirst();
      return row && { staff: toStaffMember(row), passwordHash: row.password_hash };
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
    async findStaffBySession(token: string, now: number): Promise<StaffMember | undefined> {
      const row = await staffWithEnterprise(db)
        .innerJoin('staff_sessions as ss', 'ss.staff_id', 's.id')
        .where('ss.token_hash', '=', secretHash(token))
        .where('ss.expires_utc', '>', now)
        .where('e.is_enabled', '=', 1)
        .executeTakeFirst();
      return row && toStaffMember(row);
    },
    async deleteStaffSession(token: string): Promise<void> {
      await db.deleteFrom('staff_sessions').where('token_hash', '=', secretHash(token)).execute();
    },
    async deleteExpiredStaffSessions(now: number): Promise<void> {
      await db.deleteFrom('staff_sessions').where('expires_utc', '<=', now).execute();
    },
  };
}
