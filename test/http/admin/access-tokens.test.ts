import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_INTEGRATIONS } from '../../../src/store/sandbox-seed.ts';
import { adminClient, createTenant, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { enterpriseA, enterpriseB } from '../../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const TOKEN_FORMAT = /^[0-9A-F]{32}-[0-9A-F]{31}$/;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('admin access tokens', () => {
  let server: TestServer;
  let admin: AdminCall;
  beforeAll(async () => {
    server = await startTestServer();
    admin = adminClient(server);
  });
  afterAll(() => server.close());

  it('adds a token for one enterprise, and a portfolio token for several', async () => {
    const { Integration } = await ok(admin('integrations/add', { Name: 'App' }));
    const single = await ok(admin('accessTokens/add', { IntegrationId: Integration.Id, EnterpriseIds: [enterpriseA] }));
    expect(single.AccessToken).toEqual({
      Value: expect.stringMatching(TOKEN_FORMAT),
      IntegrationId: Integration.Id,
      EnterpriseIds: [enterpriseA],
      CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC),
      RevokedUtc: null,
    });
    const portfolio = await ok(
      admin('accessTokens/add', { IntegrationId: Integration.Id, EnterpriseIds: [enterpriseB, enterpriseA, enterpriseB] }),
    );
    expect([...portfolio.AccessToken.EnterpriseIds].sort()).toEqual([enterpriseA, enterpriseB].sort());
    expect(portfolio.AccessToken.Value).not.toBe(single.AccessToken.Value);
    const { AccessTokens } = await ok(admin('accessTokens/getAll', { IntegrationId: Integration.Id }));
    expect(AccessTokens).toHaveLength(2);
    expect(AccessTokens).toEqual(expect.arrayContaining([single.AccessToken, portfolio.AccessToken]));
  });

  it('lists a demo integration\'s tokens, and only its own', async () => {
    const demo = SANDBOX_INTEGRATIONS[1];
    const { AccessTokens } = await ok(admin('accessTokens/getAll', { IntegrationId: demo.id }));
    expect(AccessTokens.map((t: { Value: string }) => t.Value).sort()).toEqual(demo.accessTokens.map((t) => t.value).sort());
    expect(AccessTokens.every((t: { IntegrationId: string }) => t.IntegrationId === demo.id)).toBe(true);
  });

  it('revokes a token once: revoking again changes nothing', async () => {
    const tenant = await createTenant(admin);
    const revoked = await ok(admin('accessTokens/revoke', { AccessToken: tenant.accessToken }));
    expect(revoked.AccessToken).toMatchObject({ Value: tenant.accessToken, RevokedUtc: expect.stringMatching(WHOLE_SECOND_UTC) });
    const again = await ok(admin('accessTokens/revoke', { AccessToken: tenant.accessToken }));
    expect(again.AccessToken).toEqual(revoked.AccessToken);
    const { AccessTokens } = await ok(admin('accessTokens/getAll', { IntegrationId: tenant.integrationId }));
    expect(AccessTokens).toEqual([revoked.AccessToken]);
  });

  it('rejects unknown integrations, enterprises and tokens', async () => {
    const { Integration } = await ok(admin('integrations/add', { Name: 'App' }));
    const unknown = crypto.randomUUID();
    expectError(await admin('accessTokens/add', { IntegrationId: unknown, EnterpriseIds: [enterpriseA] }), 400, 'Invalid IntegrationId');
    expectError(
      await admin('accessTokens/add', { IntegrationId: Integration.Id, EnterpriseIds: [enterpriseA, unknown] }),
      400,
      'Invalid EnterpriseIds',
    );
    expectError(
      await admin('accessTokens/add', { IntegrationId: Integration.Id, EnterpriseIds: [] }),
      400,
      'Invalid EnterpriseIds: must have at least 1 item(s).',
    );
    expectError(
      await admin('accessTokens/add', { IntegrationId: Integration.Id, EnterpriseIds: ['x'] }),
      400,
      'Invalid EnterpriseIds[0]: must be a valid UUID.',
    );
    expectError(await admin('accessTokens/getAll', { IntegrationId: unknown }), 400, 'Invalid IntegrationId');
    expectError(await admin('accessTokens/getAll', {}), 400, 'Invalid IntegrationId: the parameter is required.');
    expectError(await admin('accessTokens/revoke', { AccessToken: 'NOT-A-TOKEN' }), 400, 'Invalid AccessToken');
    const { AccessTokens } = await ok(admin('accessTokens/getAll', { IntegrationId: Integration.Id }));
    expect(AccessTokens).toEqual([]);
  });
});
