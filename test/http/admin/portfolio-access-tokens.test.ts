import { describe, expect, it } from 'vitest';
import { SANDBOX_PORTFOLIO_ACCESS_TOKEN } from '../../../src/store/sandbox-seed.ts';
import { ADD_THREAD, createTenant, credentials, expectError, ok, useAdminServer } from '../../helpers/admin.ts';
import { demoApplicationId, enterpriseA } from '../../helpers/sandbox.ts';

const TOKEN_FORMAT = /^[0-9A-F]{32}-[0-9A-F]{31}$/;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const thread = { OriginalSender: 'Guest', Subject: 'Hello' };

describe('admin portfolio access tokens', () => {
  const { server, admin } = useAdminServer();

  it('adds a token over several enterprises the application has integrations with', async () => {
    const tenant = await createTenant(admin, ['North', 'South']);
    const [north, south] = tenant.enterpriseIds as [string, string];
    const { PortfolioAccessToken } = await ok(
      admin('portfolioAccessTokens/add', { ApplicationId: tenant.applicationId, EnterpriseIds: [south, north, south] }),
    );
    expect(PortfolioAccessToken).toEqual({
      Id: expect.any(String),
      ApplicationId: tenant.applicationId,
      EnterpriseIds: [north, south].sort(),
      Value: expect.stringMatching(TOKEN_FORMAT),
      CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC),
      RevokedUtc: null,
    });
    // createTenant made one already.
    const { PortfolioAccessTokens } = await ok(admin('portfolioAccessTokens/getAll', { ApplicationId: tenant.applicationId }));
    expect(PortfolioAccessTokens).toHaveLength(2);
    expect(PortfolioAccessTokens).toContainEqual(PortfolioAccessToken);
  });

  it('lists the demo\'s portfolio token', async () => {
    const { PortfolioAccessTokens } = await ok(admin('portfolioAccessTokens/getAll', { ApplicationId: demoApplicationId }));
    expect(PortfolioAccessTokens.map((t: { Id: string; Value: string }) => [t.Id, t.Value])).toEqual([
      [SANDBOX_PORTFOLIO_ACCESS_TOKEN.id, SANDBOX_PORTFOLIO_ACCESS_TOKEN.value],
    ]);
  });

  it('reaches only the enterprises whose integration is enabled, and none once revoked', async () => {
    const tenant = await createTenant(admin, ['North', 'South']);
    const [north, south] = tenant.enterpriseIds as [string, string];
    const add = (EnterpriseId: string) => server().post(ADD_THREAD, { ...credentials(tenant), ...thread, EnterpriseId });
    expect((await add(north)).status).toBe(200);
    await ok(admin('integrations/update', { IntegrationId: tenant.integrationIds[0], IsEnabled: false }));
    expectError(await add(north), 400, 'Invalid EnterpriseId');
    expect((await add(south)).status).toBe(200);
    await ok(admin('integrations/cancel', { IntegrationId: tenant.integrationIds[1] }));
    expectError(await add(south), 401, /.+/);
    await ok(admin('integrations/update', { IntegrationId: tenant.integrationIds[0], IsEnabled: true }));
    expect((await add(north)).status).toBe(200);

    const [token] = (await ok(admin('portfolioAccessTokens/getAll', { ApplicationId: tenant.applicationId }))).PortfolioAccessTokens;
    const revoked = await ok(admin('portfolioAccessTokens/revoke', { PortfolioAccessTokenId: token.Id }));
    expect(revoked.PortfolioAccessToken).toEqual({ ...token, RevokedUtc: expect.stringMatching(WHOLE_SECOND_UTC) });
    expect(await ok(admin('portfolioAccessTokens/revoke', { PortfolioAccessTokenId: token.Id }))).toEqual(revoked);
    expectError(await add(north), 401, /.+/);
  });

  it('rejects unknown applications, enterprises without an integration, and unknown tokens', async () => {
    const tenant = await createTenant(admin);
    const unknown = crypto.randomUUID();
    const add = (body: object) => admin('portfolioAccessTokens/add', { ApplicationId: tenant.applicationId, ...body });
    expectError(await admin('portfolioAccessTokens/add', { ApplicationId: unknown, EnterpriseIds: [enterpriseA] }), 400, 'Invalid ApplicationId');
    expectError(await add({ EnterpriseIds: [tenant.enterpriseIds[0], enterpriseA] }), 400, 'Invalid EnterpriseIds');
    expectError(await add({ EnterpriseIds: [unknown] }), 400, 'Invalid EnterpriseIds');
    expectError(await add({ EnterpriseIds: [] }), 400, 'Invalid EnterpriseIds: must have at least 1 item(s).');
    expectError(await add({ EnterpriseIds: ['x'] }), 400, 'Invalid EnterpriseIds[0]: must be a valid UUID.');
    expectError(await admin('portfolioAccessTokens/getAll', { ApplicationId: unknown }), 400, 'Invalid ApplicationId');
    expectError(await admin('portfolioAccessTokens/getAll', {}), 400, 'Invalid ApplicationId: the parameter is required.');
    expectError(await admin('portfolioAccessTokens/revoke', { PortfolioAccessTokenId: unknown }), 400, 'Invalid PortfolioAccessTokenId');
    expect((await ok(admin('portfolioAccessTokens/getAll', { ApplicationId: tenant.applicationId }))).PortfolioAccessTokens).toEqual([]);
  });
});
