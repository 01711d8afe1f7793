import type { Kysely, Selectable } from 'kysely';
import { assignedActivity } from '../../domain/activity.ts';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { EnterpriseId, Staff, StaffId, StaffRef } from '../../domain/model.ts';
import type { UtcSeconds } from '../../domain/time.ts';
import type { Database, StaffTable } from '../database.ts';
import { insertActivities } from './activity-feed.repository.ts';

export function toStaff(row: Omit<Selectable<StaffTable>, 'password_hash'>): Staff {
  return { id: row.id, enterpriseId: row.enterprise_id, email: row.email, name: row.name, createdUtc: row.created_utc };
}

/** The administration's reads of staff. */
export function staffRepository(db: Kysely<Database>): Pick<AdminReader, 'listStaff'> {
  return {
    async listStaff(enterpriseId?: EnterpriseId): Promise<Staff[]> {
      let query = db.selectFrom('staff').select(['id', 'enterprise_id', 'email', 'name', 'created_utc']);
      if (enterpriseId !== undefined) query = query.where('enterprise_id', '=', enterpriseId);
      const rows = await query.orderBy('created_utc').orderBy('email').execute();
      return rows.map(toStaff);
    },
  };
}

/** A staff member of the enterprise as colleagues see them; undefined when there is none of that id there. */
export async function findStaffOf(db: Kysely<Database>, enterpriseId: EnterpriseId, staffId: StaffId): Promise<StaffRef | undefined> {
  return db.selectFrom('staff').select(['id', 'name']).where('id', '=', staffId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

/** The enterprise side's read of staff: colleagues, by name. */
export function colleagueRepository(db: Kysely<Database>): Pick<EnterpriseStore, 'listStaffOf'> {
  return {
    listStaffOf: (enterpriseId) =>
      db.selectFrom('staff').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).orderBy('name').orderBy('id').execute(),
  };
}

/** The administration's writes of staff, inside its transaction. */
export function staffWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertStaff' | 'deleteStaff'> {
  return {
    /** Inserts unless the email is taken; the unique index decides, so concurrent inserts cannot both succeed. */
    async insertStaff(staff: Staff, passwordHash: string): Promise<boolean> {
      const result = await db
        .insertInto('staff')
        .values({
          id: staff.id,
          enterprise_id: staff.enterpriseId,
          email: staff.email,
          name: staff.name,
          password_hash: passwordHash,
          created_utc: staff.createdUtc,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async deleteStaff(id: StaffId, at: UtcSeconds): Promise<boolean> {
      // The foreign key would unassign the threads too; done here first, it also tells open inboxes which.
      const unassigned = await db
        .updateTable('message_threads')
        .set({ assigned_staff_id: null })
        .where('assigned_staff_id', '=', id)
        .returning(['id', 'enterprise_id'])
        .execute();
      await insertActivities(db, unassigned.map((thread) => assignedActivity({ id: thread.id, enterpriseId: thread.enterprise_id }, at)));
      const result = await db.deleteFrom('staff').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
