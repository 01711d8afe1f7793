import { describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATIONS } from '../../../src/store/sandbox-seed.ts';
import { ADD_THREAD, expectError, ok, useAdminServer, type AdminCall } from '../../helpers/admin.ts';
import { demo, demoApplicationId, enterpriseA, enterpriseB } from '../../helpers/sandbox.ts';
import type { TestServer } from '../../helpers/server.ts';

const TOKEN_FORMAT = /^[0-9A-F]{32}-[0-9A-F]{31}$/;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const thread = { Client: 'Integration test 1.0', OriginalSender: 'Guest', Subject: 'Hello' };

/** The lower-case UUID of a token's first 32 hex digits, written out here rather than by the server's helper. */
function idOfToken(token: string): string {
  const hex = token.slice(0, 32).toLowerCase();
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

/** A new application with an integration with a new enterprise, and what the Connector API answers for it. */
async function connected(server: () => TestServer, admin: AdminCall) {
  const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Hotel' }));
  const { Application } = await ok(admin('applications/add', { Name: 'App' }));
  const { Integration } = await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id }));
  const status = async (AccessToken = Integration.AccessToken) =>
    (await server().post(ADD_THREAD, { ...thread, ClientToken: Application.ClientToken, AccessToken })).status;
  return { Enterprise, Application, Integration, status };
}

describe('admin integrations', () => {
  const { server, admin } = useAdminServer();

  it('lists the demo integrations, with ids derived from their published AccessTokens', async () => {
    const { Integrations } = await ok(admin('integrations/getAll', {}));
    expect(Integrations).toContainEqual({
      Id: 'c66ef7b2-39d2-4632-943d-115ede9cb810',
      ApplicationId: demoApplicationId,
      EnterpriseId: enterpriseA,
      AccessToken: demo.a.AccessToken,
      State: 'Enabled',
      Requestor: null,
      CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC),
    });
    const expected = SANDBOX_APPLICATIONS.flatMap((application) =>
      application.accessTokens.map((token, index) => ({
        Id: idOfToken(token),
        ApplicationId: application.id,
        EnterpriseId: [enterpriseA, enterpriseB][index],
        AccessToken: token,
      })),
    );
    expect(Integrations).toHaveLength(8);
    expect(Integrations).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
    const ofB = await ok(admin('integrations/getAll', { ApplicationId: demoApplicationId, EnterpriseId: enterpriseB }));
    expect(ofB.Integrations.map((i: { Id: string }) => i.Id)).toEqual([idOfToken(demo.b.AccessToken)]);
    const ofA = await ok(admin('integrations/getAll', { EnterpriseId: enterpriseA }));
    expect(ofA.Integrations).toHaveLength(4);
  });

  it('adds one integration per application and enterprise, whose token works and whose id its token gives', async () => {
    const { Enterprise, Application, Integration, status } = await connected(server, admin);
    expect(Integration).toEqual({
      Id: idOfToken(Integration.AccessToken),
      ApplicationId: Application.Id,
      EnterpriseId: Enterprise.Id,
      AccessToken: expect.stringMatching(TOKEN_FORMAT),
      State: 'Enabled',
      Requestor: null,
      CreatedUtc: expect.stringMatching(WHOLE_SECOND_UTC),
    });
    expect(await status()).toBe(200);
    expectError(await admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id }), 400, 'Invalid EnterpriseId');
    const { Integrations } = await ok(admin('integrations/getAll', { ApplicationId: Application.Id }));
    expect(Integrations).toEqual([Integration]);

    const { Integration: withRequestor } = await ok(
      admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: enterpriseA, Requestor: { Name: ' Ann ', Email: 'Ann@Hotel.Example' } }),
    );
    expect(withRequestor.Requestor).toEqual({ Name: 'Ann', Email: 'ann@hotel.example' });
  });

  it('answers 401 while disabled or canceled, and again once enabled or reinstated', async () => {
    const { Integration, status } = await connected(server, admin);
    const id = { IntegrationId: Integration.Id };
    expect((await ok(admin('integrations/update', { ...id, IsEnabled: false }))).Integration).toEqual({ ...Integration, State: 'Disabled' });
    expect(await status()).toBe(401);
    expect((await ok(admin('integrations/update', { ...id, IsEnabled: true }))).Integration.State).toBe('Enabled');
    expect(await status()).toBe(200);

    expect((await ok(admin('integrations/cancel', id))).Integration.State).toBe('Canceled');
    expect(await status()).toBe(401);
    expect((await ok(admin('integrations/cancel', id))).Integration.State).toBe('Canceled');
    expectError(await admin('integrations/update', { ...id, IsEnabled: true }), 400, 'Invalid IntegrationId: is canceled; reinstate it first.');
    expect(await status()).toBe(401);
    expect((await ok(admin('integrations/reinstate', id))).Integration).toEqual(Integration);
    expect(await status()).toBe(200);
  });

  it('answers 401 to a regenerated token at once, and accepts the new one; the id stays', async () => {
    const { Integration, status } = await connected(server, admin);
    expect(await status()).toBe(200);
    const { Integration: regenerated } = await ok(admin('integrations/regenerateAccessToken', { IntegrationId: Integration.Id }));
    expect(regenerated).toEqual({ ...Integration, AccessToken: expect.stringMatching(TOKEN_FORMAT) });
    expect(regenerated.AccessToken).not.toBe(Integration.AccessToken);
    expect(await status(Integration.AccessToken)).toBe(401);
    expect(await status(regenerated.AccessToken)).toBe(200);
  });

  it('answers 401 once removed, lists it nowhere, and lets the pair be added again', async () => {
    const { Enterprise, Application, Integration, status } = await connected(server, admin);
    expect(await status()).toBe(200);
    expect(await ok(admin('integrations/remove', { IntegrationId: Integration.Id }))).toEqual({});
    expect(await status()).toBe(401);
    expect((await ok(admin('integrations/getAll', { ApplicationId: Application.Id }))).Integrations).toEqual([]);
    for (const action of ['update', 'cancel', 'reinstate', 'regenerateAccessToken', 'remove']) {
      expectError(await admin(`integrations/${action}`, { IntegrationId: Integration.Id, IsEnabled: true }), 400, 'Invalid IntegrationId');
    }
    const { Integration: again } = await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id }));
    expect(again.Id).not.toBe(Integration.Id);
    expect(await status(again.AccessToken)).toBe(200);
    expect(await status()).toBe(401);
  });

  it('rejects unknown and malformed ids', async () => {
    const unknown = crypto.randomUUID();
    expectError(await admin('integrations/add', { ApplicationId: unknown, EnterpriseId: enterpriseA }), 400, 'Invalid ApplicationId');
    expectError(await admin('integrations/add', { ApplicationId: demoApplicationId, EnterpriseId: unknown }), 400, 'Invalid EnterpriseId');
    expectError(
      await admin('integrations/add', { ApplicationId: demoApplicationId, EnterpriseId: enterpriseA, Requestor: { Name: 'A', Email: 'nope' } }),
      400,
      'Invalid Requestor.Email: must be an email address.',
    );
    expectError(await admin('integrations/getAll', { ApplicationId: unknown }), 400, 'Invalid ApplicationId');
    expectError(await admin('integrations/getAll', { EnterpriseId: unknown }), 400, 'Invalid EnterpriseId');
    for (const action of ['cancel', 'reinstate', 'regenerateAccessToken', 'remove']) {
      expectError(await admin(`integrations/${action}`, { IntegrationId: unknown }), 400, 'Invalid IntegrationId');
      expectError(await admin(`integrations/${action}`, { IntegrationId: 'x' }), 400, 'Invalid IntegrationId: must be a valid UUID.');
    }
    expectError(await admin('integrations/update', { IntegrationId: unknown, IsEnabled: false }), 400, 'Invalid IntegrationId');
    expectError(await admin('integrations/update', { IntegrationId: unknown }), 400, 'Invalid IsEnabled: the parameter is required.');
  });
});
