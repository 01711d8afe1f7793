import { describe, expect, it } from 'vitest';
import {
  ADD_THREAD,
  createTenant,
  credentials,
  expectError,
  ok,
  useAdminServer,
} from '../../helpers/admin.ts';
import { assertMatchesContract } from '../../helpers/contract.ts';

const ADMIN_TOKEN = 'operator-admin-token-for-tests-0123456789';
const thread = { OriginalSender: 'Guest', Subject: 'Late check-in' };

/** A real operator: production mode, nothing seeded, every tenant made through the admin API. */
describe('a tenant made from nothing', () => {
  const { server, admin } = useAdminServer({ MODE: 'production', ADMIN_TOKEN });

  const enterpriseOf = async (threadId: string) =>
    (await server().database.selectFrom('message_threads').select('enterprise_id').where('id', '=', threadId).executeTakeFirst())
      ?.enterprise_id;

  it('starts empty', async () => {
    expect(await ok(admin('enterprises/getAll', {}))).toEqual({ Enterprises: [] });
  });

  it('lives: token works, then its integration is removed and it answers 401', async () => {
    const tenant = await createTenant(admin);
    const added = await server().post(ADD_THREAD, { ...credentials(tenant), ...thread });
    expect(added.status, added.text).toBe(200);
    assertMatchesContract('MessageThreadResult', added.body);
    expect(await enterpriseOf(added.body.MessageThreads[0]!.Id)).toBe(tenant.enterpriseIds[0]);

    await ok(admin('integrations/remove', { IntegrationId: tenant.integrationIds[0] }));
    expectError(await server().post(ADD_THREAD, { ...credentials(tenant), ...thread }), 401, /.+/);
  });

  it('answers 401 while its application is disabled, and works again once it is enabled', async () => {
    const tenant = await createTenant(admin);
    await ok(admin('applications/update', { ApplicationId: tenant.applicationId, IsEnabled: false }));
    expectError(await server().post(ADD_THREAD, { ...credentials(tenant), ...thread }), 401, /.+/);
    await ok(admin('applications/update', { ApplicationId: tenant.applicationId, IsEnabled: true }));
    expect((await server().post(ADD_THREAD, { ...credentials(tenant), ...thread })).status).toBe(200);
  });

  it('answers 401 while its enterprise is disabled, and works again once it is enabled', async () => {
    const tenant = await createTenant(admin);
    await ok(admin('enterprises/update', { EnterpriseId: tenant.enterpriseIds[0], IsEnabled: false }));
    expectError(await server().post(ADD_THREAD, { ...credentials(tenant), ...thread }), 401, /.+/);
    await ok(admin('enterprises/update', { EnterpriseId: tenant.enterpriseIds[0], IsEnabled: true }));
    expect((await server().post(ADD_THREAD, { ...credentials(tenant), ...thread })).status).toBe(200);
  });

  it('keeps tokens to their own integration: another integration\'s ClientToken is 401', async () => {
    const mine = await createTenant(admin);
    const theirs = await createTenant(admin);
    const mixed = { ...credentials(mine), ClientToken: theirs.clientToken };
    expectError(await server().post(ADD_THREAD, { ...mixed, ...thread }), 401, /.+/);
  });

  it('gives a portfolio token exactly its enterprises', async () => {
    const tenant = await createTenant(admin, ['Hotel North', 'Hotel South']);
    const [north, south] = tenant.enterpriseIds as [string, string];
    const { Enterprise: outside } = await ok(admin('enterprises/add', { Name: 'Someone else\'s hotel' }));

    for (const EnterpriseId of [north, south]) {
      const added = await server().post(ADD_THREAD, { ...credentials(tenant), ...thread, EnterpriseId });
      expect(added.status, added.text).toBe(200);
      expect(await enterpriseOf(added.body.MessageThreads[0]!.Id)).toBe(EnterpriseId);
    }
    const elsewhere = await server().post(ADD_THREAD, { ...credentials(tenant), ...thread, EnterpriseId: outside.Id });
    expectError(elsewhere, 400, 'Invalid EnterpriseId');
    expectError(await server().post(ADD_THREAD, { ...credentials(tenant), ...thread }), 400, /^Invalid EnterpriseId/);

    // One of its enterprises disabled: the token keeps the other one only.
    await ok(admin('enterprises/update', { EnterpriseId: south, IsEnabled: false }));
    expectError(await server().post(ADD_THREAD, { ...credentials(tenant), ...thread, EnterpriseId: south }), 400, 'Invalid EnterpriseId');
    expect((await server().post(ADD_THREAD, { ...credentials(tenant), ...thread, EnterpriseId: north })).status).toBe(200);
  });
});
