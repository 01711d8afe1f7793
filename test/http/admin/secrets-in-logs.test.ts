import { expect, it } from 'vitest';
import { ADD_THREAD, ADMIN } from '../../helpers/admin.ts';
import { startServerProcess } from '../../helpers/cli.ts';
import { createTestDatabase, postJson } from '../../helpers/server.ts';

it('logs no token or password, even at debug level', { timeout: 120_000 }, async () => {
  const database = await createTestDatabase();
  const adminToken = 'ADMIN-secret-7c1e9b5a4d3f2e1d0c9b8a7f';
  const wrongAdminToken = 'WRONG-admin-secret-3e5f7a9b1c2d4e6f';
  const password = 'staff-password-9d8c7b6a';
  const webhookSecret = 'hook-secret-5a6b4c3d';
  const server = await startServerProcess({
    ...database.env,
    LOG_LEVEL: 'debug',
    ADMIN_TOKEN: adminToken,
  });
  let output = '';
  const secrets: string[] = [adminToken, wrongAdminToken, password, webhookSecret];
  try {
    const admin = async (operation: string, body: unknown, token = adminToken) =>
      (await postJson(server.url, `${ADMIN}/${operation}`, body, { authorization: `Bearer ${token}` })).body;

    const { Enterprise } = await admin('enterprises/add', { Name: 'Hotel' });
    const { Application } = await admin('applications/add', { Name: 'App', WebhookUrl: `https://hooks.example/in?token=${webhookSecret}` });
    const { Integration } = await admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id });
    const { Integration: regenerated } = await admin('integrations/regenerateAccessToken', { IntegrationId: Integration.Id });
    const { PortfolioAccessToken } = await admin('portfolioAccessTokens/add', { ApplicationId: Application.Id, EnterpriseIds: [Enterprise.Id] });
    secrets.push(Application.ClientToken, Integration.AccessToken, regenerated.AccessToken, PortfolioAccessToken.Value);
    await admin('staff/add', { EnterpriseId: Enterprise.Id, Email: 'a@hotel.example', Password: password, Name: 'A' });
    await admin('staff/add', { EnterpriseId: Enterprise.Id, Email: 'a@hotel.example', Password: password, Name: 'A' });
    await admin('enterprises/getAll', {}, wrongAdminToken);
    await admin('applications/getAll', {});
    await admin('integrations/getAll', {});
    await admin('portfolioAccessTokens/getAll', { ApplicationId: Application.Id });

    const connector = { ClientToken: Application.ClientToken, AccessToken: regenerated.AccessToken, Client: 'Test 1.0' };
    const added = await postJson(server.url, ADD_THREAD, { ...connector, OriginalSender: 'G', Subject: 'S' });
    expect(added.status).toBe(200);
    await postJson(server.url, ADD_THREAD, { ...connector, OriginalSender: 'G', Subject: 'S', EnterpriseId: 'not-a-uuid' });
    await admin('integrations/cancel', { IntegrationId: Integration.Id });
    expect((await postJson(server.url, ADD_THREAD, { ...connector, OriginalSender: 'G', Subject: 'S' })).status).toBe(401);
  } finally {
    output = await server.stop();
    await database.drop();
  }
  // The requests were logged: an empty log would prove nothing.
  expect(output).toContain(`${ADMIN}/staff/add`);
  expect(output).toContain(ADD_THREAD);
  for (const secret of secrets) expect(output).not.toContain(secret);
});
