import type { Kysely, Selectable } from 'kysely';
import type { AdminReader, AdminWriter, ApplicationChanges } from '../../domain/admin-store.ts';
import type { Application, ApplicationId } from '../../domain/model.ts';
import { toFlag, type ApplicationTable, type Database } from '../database.ts';
import { definedOnly } from './defined-only.ts';

function toApplication(row: Selectable<ApplicationTable>): Application {
  return {
    id: row.id,
    name: row.name,
    clientToken: row.client_token,
    webhookUrl: row.webhook_url,
    integrationWebhookUrl: row.integration_webhook_url,
    webhookSecret: row.webhook_secret,
    isEnabled: row.is_enabled === 1,
    createdUtc: row.created_utc,
  };
}

function toRow(application: Application): ApplicationTable {
  return {
    id: application.id,
    name: application.name,
    client_token: application.clientToken,
    webhook_url: application.webhookUrl,
    integration_webhook_url: application.integrationWebhookUrl,
    webhook_secret: application.webhookSecret,
    is_enabled: toFlag(application.isEnabled),
    created_utc: application.createdUtc,
  };
}

/** The administration's reads of applications. */
export function applicationRepository(db: Kysely<Database>): Pick<AdminReader, 'listApplications' | 'findApplication'> {
  return {
    async listApplications(): Promise<Application[]> {
      const rows = await db.selectFrom('applications').selectAll().orderBy('created_utc').orderBy('name').orderBy('id').execute();
      return rows.map(toApplication);
    },
    async findApplication(id: ApplicationId): Promise<Application | undefined> {
      const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApplication(row);
    },
  };
}

/** The administration's writes of applications, inside its transaction. */
export function applicationWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertApplication' | 'updateApplication'> {
  return {
    async insertApplication(application: Application): Promise<void> {
      await db.insertInto('applications').values(toRow(application)).execute();
    },
    /** One statement that sets the given columns only, so that a concurrent update of others is kept. */
    async updateApplication(id: ApplicationId, changes: ApplicationChanges): Promise<Application | undefined> {
      const set = definedOnly({
        name: changes.name,
        webhook_url: changes.webhookUrl,
        integration_webhook_url: changes.integrationWebhookUrl,
        webhook_secret: changes.webhookSecret,
        is_enabled: changes.isEnabled === undefined ? undefined : toFlag(changes.isEnabled),
      });
      const row =
        Object.keys(set).length === 0
          ? await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
          : await db.updateTable('applications').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toApplication(row);
    },
  };
}
