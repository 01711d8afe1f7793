import type { Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { EnterpriseId, Staff, StaffId } from '../../domain/model.ts';
import type { Database, StaffTable } from '../database.ts';

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
    async deleteStaff(id: StaffId): Promise<boolean> {
      const result = await db.deleteFrom('staff').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
