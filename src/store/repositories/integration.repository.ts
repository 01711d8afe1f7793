import type { Kysely, Selectable } from 'kysely';
import type { Integration, IntegrationId } from '../../domain/model.ts';
import type { Database, IntegrationTable } from '../database.ts';

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
    is_enabled: integration.isEnabled ? 1 : 0,
    created_utc: integration.createdUtc,
  };
}

export async function listIntegrations(db: Kysely<Database>): Promise<Integration[]> {
  const rows = await db.selectFrom('integrations').selectAll().orderBy('created_utc').orderBy('name').orderBy('id').execute();
  return rows.map(toIntegration);
}

export async function findIntegration(db: Kysely<Database>, id: IntegrationId): Promise<Integration | undefined> {
  const row = await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toIntegration(row);
}

export async function insertIntegration(db: Kysely<Database>, integration: Integration): Promise<void> {
  await db.insertInto('integrations').values(toRow(integration)).execute();
}

/** Writes everything but the id, the ClientToken and the creation time. */
export async function updateIntegration(db: Kysely<Database>, integration: Integration): Promise<void> {
  const { id, client_token, created_utc, ...changes } = toRow(integration);
  await db.updateTable('integrations').set(changes).where('id', '=', id).execute();
}
