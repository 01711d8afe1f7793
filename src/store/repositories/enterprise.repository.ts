import type { Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
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

/** The administration's reads of enterprises. */
export function enterpriseRepository(db: Kysely<Database>): Pick<AdminReader, 'listEnterprises' | 'findEnterprises'> {
  return {
    async listEnterprises(): Promise<Enterprise[]> {
      const rows = await db.selectFrom('enterprises').selectAll().orderBy('created_utc').orderBy('name').orderBy('id').execute();
      return rows.map(toEnterprise);
    },
    async findEnterprises(ids: readonly EnterpriseId[]): Promise<Enterprise[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('enterprises').selectAll().where('id', 'in', ids).execute();
      return rows.map(toEnterprise);
    },
  };
}

/** The administration's writes of enterprises, inside its transaction. */
export function enterpriseWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertEnterprise' | 'updateEnterprise'> {
  return {
    async insertEnterprise(enterprise: Enterprise): Promise<void> {
      await db.insertInto('enterprises').values(toRow(enterprise)).execute();
    },
    /** Writes everything but the id and the creation time. */
    async updateEnterprise(enterprise: Enterprise): Promise<void> {
      const { id, created_utc, ...changes } = toRow(enterprise);
      await db.updateTable('enterprises').set(changes).where('id', '=', id).execute();
    },
  };
}
