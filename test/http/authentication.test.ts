import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { integrationIdOf } from '../../src/domain/integrations.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { demo, demoApplicationId, enterpriseA, enterpriseB } from '../helpers/sandbox.ts';
import { createTestDatabase, startTestServer, type JsonResponse, type TestDatabase, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const thread = { OriginalSender: 'Guest', Subject: 'Hello' };

function expectUnauthorized(response: JsonResponse) {
  expect(response.status).toBe(401);
  expect(Object.keys(response.body).sort()).toEqual(['Details', 'Message', 'RequestId']);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  expect(response.body.Details).toBeNull();
}

describe('ClientToken and AccessToken', () => {
  let database: TestDatabase;
  let server: TestServer;
  // An operator's own connection to the server's database: what it changes there takes effect at the next request,
  // although the server has already accepted the same tokens before.
  let operator: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database.env);
    operator = openTestDatabase(database.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await operator.destroy();
    await server.close();
    await database.drop();
  });

  // Each test changes tenants through the database and puts them back; every test sends requests that succeed first.
  beforeEach(async () => {
    await operator.updateTable('applications').set({ is_enabled: 1 }).execute();
    await operator.updateTable('integrations').set({ state: 'Enabled' }).execute();
    await operator.updateTable('enterprises').set({ is_enabled: 1 }).execute();
    await operator.updateTable('access_tokens').set({ revoked_utc: null }).execute();
    for (const credentials of [demo.a, demo.b, demo.otherApplication]) {
      expect((await server.post(ADD, { ...credentials, ...thread })).status).toBe(200);
    }
    expect((await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseA, ...thread })).status).toBe(200);
  });

  async function threadCount(): Promise<number> {
    const rows = await operator.selectFrom('message_threads').select('id').execute();
    return rows.length;
  }

  it('accepts the demo credentials', async () => {
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(200);
  });

  it('answers 401 to an unknown AccessToken', async () => {
    expectUnauthorized(await server.post(ADD, { ...demo.a, AccessToken: `${demo.a.AccessToken.slice(0, -1)}0`, ...thread }));
  });

  it('answers 401 to an unknown ClientToken', async () => {
    expectUnauthorized(await server.post(ADD, { ...demo.a, ClientToken: 'E0D439EE522F44368DC78E1BFB03710C-0000000000000000000000000000000', ...thread }));
  });

  it('answers 401 to the ClientToken of another application', async () => {
    expectUnauthorized(await server.post(ADD, { ...demo.a, ClientToken: demo.otherApplication.ClientToken, ...thread }));
    expectUnauthorized(await server.post(ADD, { ...demo.otherApplication, ClientToken: demo.a.ClientToken, ...thread }));
  });

  it('answers 401 to the tokens swapped', async () => {
    expectUnauthorized(await server.post(ADD, { ...demo.a, ClientToken: demo.a.AccessToken, AccessToken: demo.a.ClientToken, ...thread }));
  });

  it('answers 401 to a revoked portfolio token, and keeps accepting the application\'s integrations', async () => {
    await operator.updateTable('access_tokens').set({ revoked_utc: 1 }).where('value', '=', demo.portfolio.AccessToken).execute();
    const before = await threadCount();
    expectUnauthorized(await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseA, ...thread }));
    expect(await threadCount()).toBe(before);
    expect((await server.post(ADD, { ...demo.a, ...thread })).status).toBe(200);
  });

  // Changed through another connection: the server's cached grants must not outlive them.
  for (const state of ['Disabled', 'Canceled', 'Deleted'] as const) {
    it(`answers 401 to the token of an integration ${state.toLowerCase()} elsewhere, and keeps the portfolio token to the other enterprise`, async () => {
      await operator.updateTable('integrations').set({ state }).where('id', '=', integrationIdOf(demo.a.AccessToken)).execute();
      const before = await threadCount();
      expectUnauthorized(await server.post(ADD, { ...demo.a, ...thread }));
      expect(await threadCount()).toBe(before);
      expect((await server.post(ADD, { ...demo.b, ...thread })).status).toBe(200);
      const intoA = await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseA, ...thread });
      expect(intoA.status).toBe(400);
      expect(intoA.body.Message).toBe('Invalid EnterpriseId');
      expect((await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseB, ...thread })).status).toBe(200);
    });
  }

  it('answers 401 to a portfolio token once none of its integrations is enabled', async () => {
    await operator.updateTable('integrations').set({ state: 'Disabled' }).where('application_id', '=', demoApplicationId).execute();
    expectUnauthorized(await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseB, ...thread }));
  });

  it('answers 401 to every token of a disabled application, and not to other applications', async () => {
    await operator.updateTable('applications').set({ is_enabled: 0 }).where('id', '=', demoApplicationId).execute();
    expectUnauthorized(await server.post(ADD, { ...demo.a, ...thread }));
    expectUnauthorized(await server.post(ADD, { ...demo.b, ...thread }));
    expectUnauthorized(await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseA, ...thread }));
    expect((await server.post(ADD, { ...demo.otherApplication, ...thread })).status).toBe(200);
  });

  it('answers 401 for a disabled enterprise, and not for the other one', async () => {
    await operator.updateTable('enterprises').set({ is_enabled: 0 }).where('id', '=', enterpriseA).execute();
    expectUnauthorized(await server.post(ADD, { ...demo.a, ...thread }));
    expectUnauthorized(await server.post(ADD, { ...demo.otherApplication, ...thread }));
    expect((await server.post(ADD, { ...demo.b, ...thread })).status).toBe(200);
  });

  it('keeps a portfolio token to its enabled enterprises when one is disabled', async () => {
    await operator.updateTable('enterprises').set({ is_enabled: 0 }).where('id', '=', enterpriseA).execute();
    const intoDisabled = await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseA, ...thread });
    expect(intoDisabled.status).toBe(400);
    expect(intoDisabled.body.Message).toBe('Invalid EnterpriseId');
    const intoEnabled = await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseB, ...thread });
    expect(intoEnabled.status).toBe(200);
  });

  it('answers 401 to a portfolio token whose enterprises are all disabled', async () => {
    await operator.updateTable('enterprises').set({ is_enabled: 0 }).execute();
    expectUnauthorized(await server.post(ADD, { ...demo.portfolio, EnterpriseId: enterpriseB, ...thread }));
  });
});
