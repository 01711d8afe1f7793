import { describe, expect, it } from 'vitest';
import { ADD_THREAD } from '../helpers/admin.ts';
import { expectOneLineError, json, record, table, useCliDatabase } from '../helpers/cli.ts';
import { startTestServer } from '../helpers/server.ts';

const database = useCliDatabase();
const cli = (...args: string[]) => database.cli(args);

describe('admin CLI: enterprises, applications, integrations, portfolio access tokens', { timeout: 600_000 }, () => {
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

    const { Application } = json(
      await cli('admin', 'applications', 'add', '--name', 'My app', '--webhook-url', 'https://hooks.example/in', '--json'),
    );
    expect(Application).toEqual({
      Id: expect.any(String),
      Name: 'My app',
      ClientToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      WebhookUrl: 'https://hooks.example/in',
      IntegrationWebhookUrl: null,
      IsEnabled: true,
      WebhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const applications = table(await cli('admin', 'applications', 'list'));
    expect(applications).toEqual([
      ['Id', 'Name', 'ClientToken', 'WebhookUrl', 'IntegrationWebhookUrl', 'IsEnabled'],
      [Application.Id, 'My app', Application.ClientToken, 'https://hooks.example/in', '-', 'true'],
    ]);
    const unhooked = record(
      await cli('admin', 'applications', 'update', '--id', Application.Id, '--no-webhook-url', '--integration-webhook-url', 'https://hooks.example/integrations'),
    );
    expect(unhooked).toMatchObject({ Id: Application.Id, WebhookUrl: '-', IntegrationWebhookUrl: 'https://hooks.example/integrations', IsEnabled: 'true' });
    expectOneLineError(
      await cli('admin', 'applications', 'update', '--id', Application.Id, '--webhook-url', 'ftp://example.com'),
      'error: Invalid WebhookUrl: must be an absolute http or https URL.',
    );
    expectOneLineError(await cli('admin', 'applications', 'update', '--id', crypto.randomUUID(), '--name', 'x'), 'error: Invalid ApplicationId');

    const { Integration: north } = json(
      await cli('admin', 'integrations', 'add', '--application', Application.Id, '--enterprise', hotel.Id, '--requestor-name', 'Ann', '--requestor-email', 'ann@hotel.example', '--json'),
    );
    expect(north).toEqual({
      Id: `${north.AccessToken.slice(0, 8)}-${north.AccessToken.slice(8, 12)}-${north.AccessToken.slice(12, 16)}-${north.AccessToken.slice(16, 20)}-${north.AccessToken.slice(20, 32)}`.toLowerCase(),
      ApplicationId: Application.Id,
      EnterpriseId: hotel.Id,
      AccessToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      State: 'Enabled',
      Requestor: { Name: 'Ann', Email: 'ann@hotel.example' },
      CreatedUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const south_ = record(await cli('admin', 'integrations', 'add', '--application', Application.Id, '--enterprise', south.Id!));
    expect(south_).toMatchObject({ ApplicationId: Application.Id, EnterpriseId: south.Id, State: 'Enabled', Requestor: '-' });
    expectOneLineError(await cli('admin', 'integrations', 'add', '--application', Application.Id, '--enterprise', hotel.Id), 'error: Invalid EnterpriseId');
    expectOneLineError(
      await cli('admin', 'integrations', 'add', '--application', crypto.randomUUID(), '--enterprise', hotel.Id),
      'error: Invalid ApplicationId',
    );
    const integrations = table(await cli('admin', 'integrations', 'list', '--application', Application.Id));
    expect(integrations[0]).toEqual(['Id', 'ApplicationId', 'EnterpriseId', 'AccessToken', 'State', 'Requestor', 'CreatedUtc']);
    // Lists are ordered by creation time to the second: two made in the same second come in either order.
    expect(integrations.find((row) => row[0] === north.Id)).toEqual([
      north.Id,
      Application.Id,
      hotel.Id,
      north.AccessToken,
      'Enabled',
      'Name=Ann Email=ann@hotel.example',
      north.CreatedUtc,
    ]);
    expect(integrations).toHaveLength(3);

    const { PortfolioAccessToken } = json(
      await cli('admin', 'portfolio-access-tokens', 'add', '--application', Application.Id, '--enterprise', hotel.Id, '--enterprise', south.Id!, '--json'),
    );
    expect(PortfolioAccessToken).toMatchObject({ ApplicationId: Application.Id, RevokedUtc: null });
    expect(PortfolioAccessToken.EnterpriseIds).toEqual([hotel.Id, south.Id].sort());
    const tokens = table(await cli('admin', 'portfolio-access-tokens', 'list', '--application', Application.Id));
    expect(tokens[0]).toEqual(['Id', 'ApplicationId', 'EnterpriseIds', 'Value', 'CreatedUtc', 'RevokedUtc']);
    expect(tokens[1]).toEqual([PortfolioAccessToken.Id, Application.Id, PortfolioAccessToken.EnterpriseIds.join(', '), PortfolioAccessToken.Value, PortfolioAccessToken.CreatedUtc, '-']);

    // The server, on the same database, accepts what the CLI made, and honours the CLI's changes at once.
    const server = await startTestServer({ ...database.env(), ADMIN_TOKEN: 'unused-admin-token-0123456789' });
    try {
      const body = { ClientToken: Application.ClientToken, Client: 'CLI test 1.0', OriginalSender: 'Guest', Subject: 'Hello' };
      const add = async (AccessToken: string, EnterpriseId?: string) => (await server.post(ADD_THREAD, { ...body, AccessToken, EnterpriseId })).status;
      expect(await add(north.AccessToken)).toBe(200);
      expect(await add(PortfolioAccessToken.Value, hotel.Id)).toBe(200);
      // Hotel South was disabled above.
      expect(await add(PortfolioAccessToken.Value, south.Id)).toBe(400);

      const disabled = json(await cli('admin', 'integrations', 'update', '--id', north.Id, '--enabled', 'false', '--json'));
      expect(disabled.Integration.State).toBe('Disabled');
      expect(await add(north.AccessToken)).toBe(401);
      expect(record(await cli('admin', 'integrations', 'cancel', '--id', north.Id))).toMatchObject({ State: 'Canceled' });
      expect(record(await cli('admin', 'integrations', 'reinstate', '--id', north.Id))).toMatchObject({ State: 'Enabled' });
      expect(await add(north.AccessToken)).toBe(200);
      const regenerated = json(await cli('admin', 'integrations', 'regenerate-access-token', '--id', north.Id, '--json')).Integration;
      expect(regenerated.Id).toBe(north.Id);
      expect(await add(north.AccessToken)).toBe(401);
      expect(await add(regenerated.AccessToken)).toBe(200);

      const revoked = json(await cli('admin', 'portfolio-access-tokens', 'revoke', '--id', PortfolioAccessToken.Id, '--json'));
      expect(revoked.PortfolioAccessToken.RevokedUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(await add(PortfolioAccessToken.Value, hotel.Id)).toBe(401);

      const removed = await cli('admin', 'integrations', 'remove', '--id', north.Id);
      expect(removed).toEqual({ code: 0, stdout: 'Done.\n', stderr: '' });
      expect(await add(regenerated.AccessToken)).toBe(401);
    } finally {
      await server.close();
    }
    expectOneLineError(await cli('admin', 'integrations', 'remove', '--id', north.Id), 'error: Invalid IntegrationId');
    expectOneLineError(await cli('admin', 'portfolio-access-tokens', 'revoke', '--id', crypto.randomUUID()), 'error: Invalid PortfolioAccessTokenId');
    expect(json(await cli('admin', 'integrations', 'list', '--application', Application.Id, '--json')).Integrations).toHaveLength(1);
  });
});
