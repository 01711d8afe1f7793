import { Migrator, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAccessToken } from '../../src/domain/access-token-hash.ts';
import { integrationIdOf } from '../../src/domain/integrations.ts';
import { newToken } from '../../src/domain/tokens.ts';
import { openDialect } from '../../src/store/dialect/open-dialect.ts';
import { allMigrations } from '../../src/store/migrations/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { BACKENDS } from '../helpers/backends.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/server.ts';

const APP = '11111111-0000-4000-8000-000000000001';
const [NORTH, SOUTH, WEST] = ['22222222-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002', '22222222-0000-4000-8000-000000000003'];

// A database made before applications and integrations were told apart, brought up to date.
const DEMO_FIRST = '7d79a4b5-ea2c-4a93-a7e3-c00a6f64b0e3';
const DEMO_SECOND = 'abab09e0-10db-47bd-93af-a573796624f7';

for (const backend of BACKENDS) describe(`migration 0005: applications and integrations (${backend})`, () => {
  let database: TestDatabase;
  let store: Store;
  const tokens = { older: newToken(), newer: newToken(), revoked: newToken(), portfolio: newToken() };

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    const dialect = openDialect({ url: database.env.DATABASE_URL! });
    const migrations = allMigrations(dialect);
    const migrator = new Migrator({ db: dialect.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('2026-11-26-0004-enterprise-side')).error).toBeUndefined();
    const db = dialect.db as unknown as Kysely<any>;
    await db.insertInto('enterprises').values([NORTH, SOUTH, WEST].map((id) => ({ id, name: id, is_enabled: 1, created_utc: 1 }))).execute();
    await db
      .insertInto('integrations')
      .values({ id: APP, name: 'Old app', client_token: newToken(), webhook_url: 'https://hooks.example/in', webhook_secret: 'whsec_x', is_enabled: 1, created_utc: 1 })
      .execute();
    // Two demo applications as the seed named them: one as it was, one an operator renamed.
    await db
      .insertInto('integrations')
      .values([
        { id: DEMO_FIRST, name: 'Are you ready to integrate', client_token: newToken(), webhook_secret: 'whsec_y', is_enabled: 1, created_utc: 1 },
        { id: DEMO_SECOND, name: 'Our own name', client_token: newToken(), webhook_secret: 'whsec_z', is_enabled: 1, created_utc: 1 },
      ])
      .execute();
    const token = async (id: string, value: string, enterprises: string[], createdUtc: number, revokedUtc: number | null = null) => {
      await db
        .insertInto('access_tokens')
        .values({ id, value, value_hash: hashAccessToken(value), integration_id: APP, revoked_utc: revokedUtc, created_utc: createdUtc })
        .execute();
      await db.insertInto('access_token_enterprises').values(enterprises.map((e) => ({ access_token_id: id, enterprise_id: e }))).execute();
    };
    await token('33333333-0000-4000-8000-000000000001', tokens.older, [NORTH], 10);
    await token('33333333-0000-4000-8000-000000000002', tokens.newer, [NORTH], 20);
    await token('33333333-0000-4000-8000-000000000003', tokens.revoked, [SOUTH], 30, 40);
    await token('33333333-0000-4000-8000-000000000004', tokens.portfolio, [NORTH, WEST], 50);
    await db
      .insertInto('message_threads')
      .values({ id: '44444444-0000-4000-8000-000000000001', enterprise_id: NORTH, integration_id: APP, original_sender: 'G', subject: 'S', created_utc: 1, updated_utc: 1, is_resolved: 0 })
      .execute();
    await db.destroy();
    store = openStore({ url: database.env.DATABASE_URL! });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const grant = async (token: string) => store.findAccessTokenGrant(hashAccessToken(token));

  it('keeps the application, and makes each pair\'s newest valid single-enterprise token its integration', async () => {
    expect(await store.findApplication(APP)).toMatchObject({ name: 'Old app', webhookUrl: 'https://hooks.example/in', integrationWebhookUrl: null });
    const integrations = await store.listIntegrations({ applicationId: APP });
    const north = integrations.find((i) => i.enterpriseId === NORTH);
    expect(north).toEqual({ id: integrationIdOf(tokens.newer), applicationId: APP, enterpriseId: NORTH, accessToken: tokens.newer, state: 'Enabled', requestor: null, createdUtc: 20 });
    // South had only a revoked token: no integration. West was reached by the portfolio token only: one with a fresh token.
    expect(integrations.map((i) => i.enterpriseId).sort()).toEqual([NORTH, WEST].sort());
    expect(integrations.find((i) => i.enterpriseId === WEST)?.accessToken).not.toBe(tokens.portfolio);
  });

  it('gives the seeded demo applications the public demo\'s names, unless renamed', async () => {
    expect((await store.findApplication(DEMO_FIRST))?.name).toBe('Are you ready to integrate with Mews?');
    expect((await store.findApplication(DEMO_SECOND))?.name).toBe('Our own name');
  });

  it('keeps every token working as it did: the older one and the portfolio as portfolio tokens', async () => {
    expect((await grant(tokens.newer))?.enterprises).toEqual([{ id: NORTH, isEnabled: true, integrationState: 'Enabled' }]);
    expect((await grant(tokens.older))?.enterprises).toEqual([{ id: NORTH, isEnabled: true, integrationState: 'Enabled' }]);
    expect((await grant(tokens.revoked))?.isRevoked).toBe(true);
    const portfolio = await grant(tokens.portfolio);
    expect(portfolio?.enterprises.map((e) => [e.id, e.integrationState]).sort()).toEqual([[NORTH, 'Enabled'], [WEST, 'Enabled']].sort());
    expect((await store.listPortfolioAccessTokens(APP)).map((t) => t.value).sort()).toEqual([tokens.older, tokens.revoked, tokens.portfolio].sort());
  });
});
