import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_THREAD } from '../helpers/admin.ts';
import { expectOneLineError, json, record, runCli, table } from '../helpers/cli.ts';
import { createTestDatabase, startTestServer, type TestDatabase } from '../helpers/server.ts';

let database: TestDatabase;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, env);

describe('admin CLI: enterprises, integrations, tokens', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // Production mode: the CLI must work on a database no server has ever seeded or migrated.
    env = { ...database.env, MODE: 'production' };
  });
  afterAll(() => database.drop());

  it('manages a tenant from nothing, in the database the server then uses', async () => {
    const { Enterprise: hotel } = json(await cli('admin', 'enterprises', 'add', '--name', 'Hotel North', '--json'));
    expect(hotel).toEqual({ Id: expect.any(String), Name: 'Hotel North', IsEnabled: true });

    const south = record(await cli('admin', 'enterprises', 'add', '--name', 'Hotel South'));
    expect(south).toEqual({ Id: expect.any(String), Name: 'Hotel South', IsEnabled: 'true' });

    const listed = table(await cli('admin', 'enterprises', 'list'));
    expect(listed[0]).toEqual(['Id', 'Name', 'IsEnabled']);
    expect(listed.slice(1)).toEqual(
      expect.arrayContaining([
        [hotel.Id, 'Hotel North', 'true'],
        [south.Id, 'Hotel South', 'true'],
      ]),
    );
    expect(listed).toHaveLength(3);

    const updated = json(
      await cli('admin', 'enterprises', 'update', '--id', south.Id!, '--name', 'Hotel South Wing', '--enabled', 'false', '--json'),
    );
    expect(updated).toEqual({ Enterprise: { Id: south.Id, Name: 'Hotel South Wing', IsEnabled: false } });
    expectOneLineError(await cli('admin', 'enterprises', 'update', '--id', crypto.randomUUID(), '--name', 'x'), 'error: Invalid EnterpriseId');

    const { Integration } = json(
      await cli('admin', 'integrations', 'add', '--name', 'My app', '--webhook-url', 'https://hooks.example/in', '--json'),
    );
    expect(Integration).toEqual({
      Id: expect.any(String),
      Name: 'My app',
      ClientToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      WebhookUrl: 'https://hooks.example/in',
      IsEnabled: true,
    });
    const integrations = table(await cli('admin', 'integrations', 'list'));
    expect(integrations).toEqual([
      ['Id', 'Name', 'ClientToken', 'WebhookUrl', 'IsEnabled'],
      [Integration.Id, 'My app', Integration.ClientToken, 'https://hooks.example/in', 'true'],
    ]);
    const unhooked = record(await cli('admin', 'integrations', 'update', '--id', Integration.Id, '--no-webhook-url'));
    expect(unhooked).toMatchObject({ Id: Integration.Id, WebhookUrl: '-', IsEnabled: 'true' });
    expectOneLineError(
      await cli('admin', 'integrations', 'update', '--id', Integration.Id, '--webhook-url', 'ftp://example.com'),
      'error: Invalid WebhookUrl: must be an absolute http or https URL.',
    );

    const { AccessToken } = json(
      await cli('admin', 'tokens', 'add', '--integration', Integration.Id, '--enterprise', hotel.Id, '--enterprise', south.Id!, '--json'),
    );
    expect(AccessToken).toMatchObject({ IntegrationId: Integration.Id, RevokedUtc: null });
    expect(AccessToken.EnterpriseIds).toEqual([hotel.Id, south.Id].sort());
    expectOneLineError(
      await cli('admin', 'tokens', 'add', '--integration', crypto.randomUUID(), '--enterprise', hotel.Id),
      'error: Invalid IntegrationId',
    );
    const tokens = table(await cli('admin', 'tokens', 'list', '--integration', Integration.Id));
    expect(tokens[0]).toEqual(['Value', 'IntegrationId', 'EnterpriseIds', 'CreatedUtc', 'RevokedUtc']);
    expect(tokens[1]).toEqual([AccessToken.Value, Integration.Id, AccessToken.EnterpriseIds.join(', '), AccessToken.CreatedUtc, '-']);

    // The server, on the same database, accepts what the CLI made, and honours the CLI's revocation at once.
    const server = await startTestServer({ ...env, ADMIN_TOKEN: 'unused-admin-token-0123456789' });
    try {
      const body = {
        ClientToken: Integration.ClientToken,
        AccessToken: AccessToken.Value,
        Client: 'CLI test 1.0',
        OriginalSender: 'Guest',
        Subject: 'Hello',
      };
      expect((await server.post(ADD_THREAD, { ...body, EnterpriseId: hotel.Id })).status).toBe(200);
      // Hotel South was disabled above.
      expect((await server.post(ADD_THREAD, { ...body, EnterpriseId: south.Id })).status).toBe(400);
      const revoked = json(await cli('admin', 'tokens', 'revoke', '--token', AccessToken.Value, '--json'));
      expect(revoked.AccessToken.RevokedUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect((await server.post(ADD_THREAD, { ...body, EnterpriseId: hotel.Id })).status).toBe(401);
    } finally {
      await server.close();
    }
    expectOneLineError(await cli('admin', 'tokens', 'revoke', '--token', 'NOT-A-TOKEN'), 'error: Invalid AccessToken');
    const listedJson = json(await cli('admin', 'tokens', 'list', '--integration', Integration.Id, '--json'));
    expect(listedJson.AccessTokens).toHaveLength(1);
    expect(listedJson.AccessTokens[0].RevokedUtc).not.toBeNull();
  });
});
