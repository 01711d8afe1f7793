import type { Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter, IntegrationChanges } from '../../domain/admin-store.ts';
import type { Integration, IntegrationId } from '../../domain/model.ts';
import { toFlag, type Database, type IntegrationTable } from '../database.ts';
import { definedOnly } from './defined-only.ts';

export function toIntegration(row: Selectable<IntegrationTable>): Integration {
  return {
    id: row.id,
    name: row.name,
    clientToken: row.client_token,
    webhookUrl: row.webhook_url,
    webhookSecret: row.webhook_secret,
    isEnabled: row.is_enabled === 1,
    createdUtc: row.created_utc,
  };
}

function toRow(integration: Integration): IntegrationTable {
  return {
    id: integration.id,
    name: integration.name,
    client_token: integration.clientToken,
    webhook_url: integration.webhookUrl,
    webhook_secret: integration.webhookSecret,
    is_enabled: toFlag(integration.isEnabled),
    created_utc: integration.createdUtc,
  };
}

/** The administration's reads of integrations. */
export function integrationRepository(db: Kysely<Database>): Pick<AdminReader, 'listIntegrations' | 'findIntegration'> {
  return {
    async listIntegrations(): Promise<Integration[]> {
      const rows = await db.selectFrom('integrations').selectAll().orderBy('created_utc').orderBy('name').orderBy('id').execute();
      return rows.map(toIntegration);
    },
    async findIntegration(id: IntegrationId): Promise<Integration | undefined> {
      const row = await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toIntegration(row);
    },
  };
}

/** The administration's writes of integrations, inside its transaction. */
export function integrationWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertIntegration' | 'updateIntegration'> {
  return {
    async insertIntegration(integration: Integration): Promise<void> {
      await db.insertInto('integrations').values(toRow(integration)).execute();
    },
    /** One statement that sets the given columns only, so that a concurrent update of others is kept. */
    async updateIntegration(id: IntegrationId, changes: IntegrationChanges): Promise<Integration | undefined> {
      const set = definedOnly({
        name: changes.name,
        webhook_url: changes.webhookUrl,
        webhook_secret: changes.webhookSecret,
        is_enabled: changes.isEnabled === undefined ? undefined : toFlag(changes.isEnabled),
      });
      const row =
        Object.keys(set).length === 0
          ? await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst()
          : await db.updateTable('integrations').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toIntegration(row);
    },
  };
}
