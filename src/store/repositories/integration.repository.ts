import type { Kysely, Selectable } from 'kysely';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import type { AdminReader, AdminWriter, IntegrationChanges } from '../../domain/admin-store.ts';
import type { Integration, IntegrationId, IntegrationState } from '../../domain/model.ts';
import type { Database, IntegrationTable } from '../database.ts';
import { definedOnly } from './defined-only.ts';

/** Rows of integrations that were not removed: every read of them starts here. */
function liveIntegrations(db: Kysely<Database>) {
  return db.selectFrom('integrations').selectAll().where('state', '!=', 'Deleted');
}

function toIntegration(row: Selectable<IntegrationTable>): Integration {
  return {
    id: row.id,
    applicationId: row.application_id,
    enterpriseId: row.enterprise_id,
    accessToken: row.access_token,
    // Removed ones are never read (`liveIntegrations`, and updates leave them out).
    state: row.state as IntegrationState,
    requestor: row.requestor_name === null || row.requestor_email === null ? null : { name: row.requestor_name, email: row.requestor_email },
    createdUtc: row.created_utc,
  };
}

/** The administration's reads of integrations. */
export function integrationRepository(db: Kysely<Database>): Pick<AdminReader, 'listIntegrations' | 'findIntegration'> {
  return {
    async listIntegrations({ applicationId, enterpriseId }): Promise<Integration[]> {
      const rows = await liveIntegrations(db)
        .$if(applicationId !== undefined, (qb) => qb.where('application_id', '=', applicationId!))
        .$if(enterpriseId !== undefined, (qb) => qb.where('enterprise_id', '=', enterpriseId!))
        .orderBy('created_utc')
        .orderBy('id')
        .execute();
      return rows.map(toIntegration);
    },
    async findIntegration(id: IntegrationId): Promise<Integration | undefined> {
      const row = await liveIntegrations(db).where('id', '=', id).executeTakeFirst();
      return row && toIntegration(row);
    },
  };
}

/** The administration's writes of integrations, inside its transaction. */
export function integrationWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertIntegration' | 'updateIntegration' | 'deleteIntegration'> {
  return {
    /** A removed integration of the pair is replaced; a live one keeps it (the pair's unique constraint decides). */
    async insertIntegration(integration: Integration): Promise<boolean> {
      const result = await db
        .insertInto('integrations')
        .values({
          id: integration.id,
          application_id: integration.applicationId,
          enterprise_id: integration.enterpriseId,
          access_token: integration.accessToken,
          access_token_hash: hashAccessToken(integration.accessToken),
          state: integration.state,
          requestor_name: integration.requestor?.name ?? null,
          requestor_email: integration.requestor?.email ?? null,
          created_utc: integration.createdUtc,
        })
        .onConflict((oc) =>
          oc
            .columns(['application_id', 'enterprise_id'])
            .doUpdateSet((eb) => ({
              id: eb.ref('excluded.id'),
              access_token: eb.ref('excluded.access_token'),
              access_token_hash: eb.ref('excluded.access_token_hash'),
              state: eb.ref('excluded.state'),
              requestor_name: eb.ref('excluded.requestor_name'),
              requestor_email: eb.ref('excluded.requestor_email'),
              created_utc: eb.ref('excluded.created_utc'),
            }))
            .where('integrations.state', '=', 'Deleted'),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async updateIntegration(id: IntegrationId, changes: IntegrationChanges): Promise<Integration | undefined> {
      const set = definedOnly({
        state: changes.state,
        access_token: changes.accessToken,
        access_token_hash: changes.accessToken === undefined ? undefined : hashAccessToken(changes.accessToken),
      });
      const row = await db
        .updateTable('integrations')
        .set(set)
        .where('id', '=', id)
        .where('state', '!=', 'Deleted')
        .returningAll()
        .executeTakeFirst();
      return row && toIntegration(row);
    },
    /**
     * Kept as a `Deleted` row rather than deleted, so that the sandbox's seed, which adds what is missing, does not
     * bring a removed demo integration back.
     */
    async deleteIntegration(id: IntegrationId): Promise<void> {
      await db.updateTable('integrations').set({ state: 'Deleted' }).where('id', '=', id).execute();
    },
  };
}
