import type { Kysely, Migration } from 'kysely';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import { integrationIdOf, newIntegration } from '../../domain/integrations.ts';
import type { Integration } from '../../domain/model.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/** Indexes named after a column this migration renames: dropped, and made again under the new name. */
const RENAMED_INDEXES = [
  { from: 'access_tokens_by_integration', to: 'access_tokens_by_application', table: 'access_tokens', columns: ['application_id'] },
  {
    from: 'message_threads_by_integration_created',
    to: 'message_threads_by_application_created',
    table: 'message_threads',
    columns: ['application_id', 'created_utc', 'seq'],
  },
  {
    from: 'message_threads_by_integration_updated',
    to: 'message_threads_by_application_updated',
    table: 'message_threads',
    columns: ['application_id', 'updated_utc'],
  },
  {
    from: 'webhook_deliveries_by_integration',
    to: 'webhook_deliveries_by_application',
    table: 'webhook_deliveries',
    columns: ['application_id', 'status', 'seq'],
  },
  { from: 'webhook_events_by_delivery', to: 'webhook_events_by_delivery', table: 'webhook_events', columns: ['delivery_id', 'application_id', 'seq'] },
] as const;

/** The names the sandbox seed gave its demo applications before, and the public demo's, by their fixed ids. */
const DEMO_APPLICATION_NAMES = [
  { id: '7d79a4b5-ea2c-4a93-a7e3-c00a6f64b0e3', from: 'Are you ready to integrate', to: 'Are you ready to integrate with Mews?' },
  { id: 'abab09e0-10db-47bd-93af-a573796624f7', from: 'Test Client 2', to: 'Connector API Test Client 2' },
  { id: 'eb1c6ea4-9e1d-4a83-8c8a-49ac6339195e', from: 'Test Client 3', to: 'Connector API Test Client 3' },
  { id: 'fc1bb83d-e113-43ee-9c8b-b6fc00b0721d', from: 'Test Client 4', to: 'Connector API Test Client 4' },
] as const;

/**
 * The upstream's model (CONTRACT.md, "The people in the story"): what was called an integration is the client
 * application (`applications`, its id `application_id` everywhere), and an integration is now the connection of one
 * application with one enterprise, holding its own AccessToken and state. Existing tokens are carried over:
 *
 * - per (application, enterprise), the newest valid single-enterprise token becomes that pair's integration, with the
 *   id its value gives; other tokens stay in `access_tokens`, as portfolio tokens (over one enterprise or more);
 * - a pair that a valid portfolio token reaches and no integration is given one with a fresh token, so that the
 *   portfolio token keeps reaching it;
 * - the webhook outbox names, for each event and delivery, the integration of its pair; those of a pair left without
 *   an integration (all its tokens revoked) are dropped, as nothing could be sent for them.
 *
 * Engines rename tables and columns alike (SQLite since 3.25). On PostgreSQL the renamed table keeps its constraints'
 * names (`integrations_pkey`), so the new table names its own explicitly.
 */
export function applicationsAndIntegrations(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('integrations').renameTo('applications').execute();
      await db.schema.alterTable('applications').addColumn('integration_webhook_url', 'text').execute();
      // The seeded demo applications take the public demo's names, unless an operator renamed them.
      for (const { id, from, to } of DEMO_APPLICATION_NAMES) {
        await db.updateTable('applications').set({ name: to }).where('id', '=', id).where('name', '=', from).execute();
      }
      for (const table of ['access_tokens', 'message_threads', 'webhook_deliveries', 'webhook_events']) {
        await db.schema.alterTable(table).renameColumn('integration_id', 'application_id').execute();
      }
      for (const index of RENAMED_INDEXES) {
        await db.schema.dropIndex(index.from).execute();
        await db.schema.createIndex(index.to).on(index.table).columns([...index.columns]).execute();
      }

      await db.schema
        .createTable('integrations')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
        .addColumn('access_token', 'text', (c) => c.notNull())
        .addColumn('access_token_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('requestor_name', 'text')
        .addColumn('requestor_email', 'text')
        .addColumn('created_utc', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('integrations_id_pk', ['id'])
        .addUniqueConstraint('integrations_pair_unique', ['application_id', 'enterprise_id'])
        .addUniqueConstraint('integrations_access_token_hash_unique', ['access_token_hash'])
        .execute();
      await db.schema.createIndex('integrations_by_enterprise').on('integrations').column('enterprise_id').execute();

      await carryOverTokens(db);

      for (const table of ['webhook_events', 'webhook_deliveries']) {
        await db.schema.alterTable(table).addColumn('integration_id', 'text').execute();
        await db
          .updateTable(table)
          .set((eb: any) => ({
            integration_id: eb
              .selectFrom('integrations as i')
              .select('i.id')
              .whereRef('i.application_id', '=', `${table}.application_id`)
              .whereRef('i.enterprise_id', '=', `${table}.enterprise_id`),
          }))
          .execute();
      }
      const orphans = db.selectFrom('webhook_deliveries').select('id').where('integration_id', 'is', null);
      await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', orphans).execute();
      await db.deleteFrom('webhook_events').where((eb) => eb.or([eb('integration_id', 'is', null), eb('delivery_id', 'in', orphans)])).execute();
      await db.deleteFrom('webhook_deliveries').where('integration_id', 'is', null).execute();
    },
  };
}

interface StoredToken {
  id: string;
  value: string;
  value_hash: string;
  application_id: string;
  revoked_utc: number | null;
  created_utc: number;
  enterpriseIds: string[];
}

async function carryOverTokens(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom('access_tokens as t')
    .innerJoin('access_token_enterprises as te', 'te.access_token_id', 't.id')
    .select(['t.id', 't.value', 't.value_hash', 't.application_id', 't.revoked_utc', 't.created_utc', 'te.enterprise_id'])
    .orderBy('t.created_utc')
    .orderBy('t.id')
    .execute();
  const tokens = new Map<string, StoredToken>();
  for (const { enterprise_id, ...row } of rows) {
    const token: StoredToken = tokens.get(row.id) ?? { ...row, enterpriseIds: [] };
    token.enterpriseIds.push(enterprise_id);
    tokens.set(row.id, token);
  }
  const valid = [...tokens.values()].filter((token) => token.revoked_utc === null);
  const pair = (applicationId: string, enterpriseId: string) => `${applicationId} ${enterpriseId}`;
  // Oldest first, so the newest valid token of a pair is the one kept.
  const chosen = new Map<string, StoredToken>();
  for (const token of valid.filter((t) => t.enterpriseIds.length === 1)) chosen.set(pair(token.application_id, token.enterpriseIds[0]!), token);

  const integrations = new Map<string, Omit<Integration, 'requestor'> & { accessTokenHash: string }>();
  for (const [key, token] of chosen) {
    const { application_id: applicationId, value: accessToken, created_utc: createdUtc } = token;
    integrations.set(key, {
      id: integrationIdOf(accessToken),
      applicationId,
      enterpriseId: token.enterpriseIds[0]!,
      accessToken,
      accessTokenHash: token.value_hash,
      state: 'Enabled',
      createdUtc,
    });
    await db.deleteFrom('access_token_enterprises').where('access_token_id', '=', token.id).execute();
    await db.deleteFrom('access_tokens').where('id', '=', token.id).execute();
  }
  for (const token of valid) {
    for (const enterpriseId of token.enterpriseIds) {
      const key = pair(token.application_id, enterpriseId);
      if (integrations.has(key)) continue;
      const integration = newIntegration(token.application_id, enterpriseId, null, token.created_utc);
      integrations.set(key, { ...integration, accessTokenHash: hashAccessToken(integration.accessToken) });
    }
  }
  for (const integration of integrations.values()) {
    await db
      .insertInto('integrations')
      .values({
        id: integration.id,
        application_id: integration.applicationId,
        enterprise_id: integration.enterpriseId,
        access_token: integration.accessToken,
        access_token_hash: integration.accessTokenHash,
        state: integration.state,
        requestor_name: null,
        requestor_email: null,
        created_utc: integration.createdUtc,
      })
      .execute();
  }
}
