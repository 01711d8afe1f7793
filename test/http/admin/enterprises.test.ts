import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { enterpriseA, enterpriseB } from '../../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('admin enterprises', () => {
  let server: TestServer;
  let admin: AdminCall;
  beforeAll(async () => {
    server = await startTestServer();
    admin = adminClient(server);
  });
  afterAll(() => server.close());

  it('adds an enabled enterprise with a fresh id, its name trimmed, and lists it with the sandbox ones', async () => {
    const { Enterprise } = await ok(admin('enterprises/add', { Name: '  Grand Hotel  ', Unknown: { Deep: 1 } }));
    expect(Enterprise).toEqual({ Id: expect.stringMatching(/^[0-9a-f-]{36}$/), Name: 'Grand Hotel', IsEnabled: true });
    const { Enterprises } = await ok(admin('enterprises/getAll', {}));
    expect(Enterprises).toHaveLength(3);
    expect(Enterprises.map((e: { Id: string }) => e.Id)).toEqual(expect.arrayContaining([enterpriseA, enterpriseB]));
    expect(Enterprises).toContainEqual(Enterprise);
  });

  it('updates only what is given', async () => {
    const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Before' }));
    const renamed = await ok(admin('enterprises/update', { EnterpriseId: Enterprise.Id, Name: 'After' }));
    expect(renamed.Enterprise).toEqual({ ...Enterprise, Name: 'After' });
    const disabled = await ok(admin('enterprises/update', { EnterpriseId: Enterprise.Id, IsEnabled: false }));
    expect(disabled.Enterprise).toEqual({ ...Enterprise, Name: 'After', IsEnabled: false });
    const unchanged = await ok(admin('enterprises/update', { EnterpriseId: Enterprise.Id }));
    expect(unchanged.Enterprise).toEqual(disabled.Enterprise);
    const { Enterprises } = await ok(admin('enterprises/getAll', {}));
    expect(Enterprises).toContainEqual(disabled.Enterprise);
  });

  it('rejects bad input with the parameter named', async () => {
    expectError(await admin('enterprises/add', {}), 400, 'Invalid Name: the parameter is required.');
    expectError(await admin('enterprises/add', { Name: '' }), 400, 'Invalid Name: must not be empty.');
    expectError(await admin('enterprises/add', { Name: '   ' }), 400, 'Invalid Name: must not be empty.');
    expectError(await admin('enterprises/add', { Name: 'x'.repeat(256) }), 400, /^Invalid Name: must be at most 255/);
    expectError(await admin('enterprises/add', { Name: 42 }), 400, /^Invalid Name: must be of type string/);
    expectError(await admin('enterprises/add', '{"Name": "a",}'), 400, 'Invalid JSON');
    expectError(await admin('enterprises/update', { EnterpriseId: crypto.randomUUID(), Name: 'x' }), 400, 'Invalid EnterpriseId');
    expectError(await admin('enterprises/update', { EnterpriseId: 'nope' }), 400, 'Invalid EnterpriseId: must be a valid UUID.');
    expectError(await admin('enterprises/update', { EnterpriseId: enterpriseA, IsEnabled: 'no' }), 400, /^Invalid IsEnabled/);
  });
});
