import type { Kysely, Selectable } from 'kysely';
import type { Enterprise, EnterpriseId } from '../../domain/model.ts';
import type { Database, EnterpriseTable } from '../database.ts';

export function toEnterprise(row: Selectable<EnterpriseTable>): Enterprise {
  return { id: row.id, name: row.name, isEnabled: row.is_enabled === 1, createdUtc: row.created_utc };
}

function toRow(enterprise: Enterprise): EnterpriseTable {
  return {
    id: enterprise.id,
    name: enterprise.name,
    is_enabled: enterprise.isEnabled ? 1 : 0,
    created_utc: enterprise.createdUtc,
  };
}

export async function listEnterprises(db: Kysely<Database>): Promise<Enterprise[]> {
  const rows = await db.selectFrom('enterprises').selectAll().orderBy('created_utc').orderBy('name').orderBy('id').execute();
  return rows.map(toEnterprise);
}

export async function findEnterprises(db: Kysely<Database>, ids: readonly EnterpriseId[]): Promise<Enterprise[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('enterprises').selectAll().where('id', 'in', ids).execute();
  return rows.map(toEnterprise);
}

export async function insertEnterprise(db: Kysely<Database>, enterprise: Enterprise): Promise<void> {
  await db.insertInto('enterprises').values(toRow(enterprise)).execute();
}

/** Writes everything but the id and the creation time. */
export async function updateEnterprise(db: Kysely<Database>, enterprise: Enterprise): Promise<void> {
  const { id, created_utc, ...changes } = toRow(enterprise);
  await db.updateTable('enterprises').set(changes).where('id', '=', id).execute();
}
