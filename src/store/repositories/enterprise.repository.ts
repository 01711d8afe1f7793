import type { Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter, EnterpriseChanges } from '../../domain/admin-store.ts';
import type { Enterprise, EnterpriseId } from '../../domain/model.ts';
import { toFlag, type Database, type EnterpriseTable } from '../database.ts';
import { definedOnly } from './defined-only.ts';

export function toEnterprise(row: Selectable<EnterpriseTable>): Enterprise {
  return { id: row.id, name: row.name, isEnabled: row.is_enabled === 1, createdUtc: row.created_utc };
}

function toRow(enterprise: Enterprise): EnterpriseTable {
  return {
    id: enterprise.id,
    name: enterprise.name,
    is_enabled: toFlag(enterprise.isEnabled),
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
    /** One statement that sets the given columns only, so that a concurrent update of others is kept. */
    async updateEnterprise(id: EnterpriseId, changes: EnterpriseChanges): Promise<Enterprise | undefined> {
      const set = definedOnly({ name: changes.name, is_enabled: changes.isEnabled === undefined ? undefined : toFlag(changes.isEnabled) });
      const row =
        Object.keys(set).length === 0
          ? await db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst()
          : await db.updateTable('enterprises').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toEnterprise(row);
    },
  };
}
