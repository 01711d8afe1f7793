import type { Kysely, Selectable } from 'kysely';
import type { EnterpriseId, Staff, StaffId } from '../../domain/model.ts';
import type { Database, StaffTable } from '../database.ts';

export function toStaff(row: Omit<Selectable<StaffTable>, 'password_hash'>): Staff {
  return { id: row.id, enterpriseId: row.enterprise_id, email: row.email, name: row.name, createdUtc: row.created_utc };
}

export async function listStaff(db: Kysely<Database>, enterpriseId?: EnterpriseId): Promise<Staff[]> {
  let query = db.selectFrom('staff').select(['id', 'enterprise_id', 'email', 'name', 'created_utc']);
  if (enterpriseId !== undefined) query = query.where('enterprise_id', '=', enterpriseId);
  const rows = await query.orderBy('created_utc').orderBy('email').execute();
  return rows.map(toStaff);
}

/** Inserts unless the email is taken; the unique index decides, so concurrent inserts cannot both succeed. */
export async function insertStaff(db: Kysely<Database>, staff: Staff, passwordHash: string): Promise<boolean> {
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
}

export async function deleteStaff(db: Kysely<Database>, id: StaffId): Promise<boolean> {
  const result = await db.deleteFrom('staff').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
