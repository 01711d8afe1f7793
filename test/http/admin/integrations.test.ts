import { describe, expect, it } from 'vitest';
import { SANDBOX_INTEGRATIONS } from '../../../src/store/sandbox-seed.ts';
import { expectError, ok, useAdminServer } from '../../helpers/admin.ts';

const TOKEN_FORMAT = /^[0-9A-F]{32}-[0-9A-F]{31}$/;

describe('admin integrations', () => {
  const { server, admin } = useAdminServer();

  it('lists the sandbox\'s demo integrations with their ClientTokens', async () => {
    const { Integrations } = await ok(admin('integrations/getAll', {}));
    for (const demo of SANDBOX_INTEGRATIONS) {
      expect(Integrations).toContainEqual({
        Id: demo.id,
        Name: demo.name,
        ClientToken: demo.clientToken,
        WebhookUrl: null,
        IsEnabled: true,
      });
    }
  });

  it('adds an enabled integration with a fresh ClientToken in the demo\'s format', async () => {
    const first = await ok(admin('integrations/add', { Name: 'My app' }));
    const second = await ok(admin('integrations/add', { Name: 'My app', WebhookUrl: 'https://hooks.example.com/in?secret=s3' }));
    expect(first.Integration).toEqual({
      Id: expect.any(String),
      Name: 'My app',
      ClientToken: expect.stringMatching(TOKEN_FORMAT),
      WebhookUrl: null,
      IsEnabled: true,
      WebhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(second.Integration.WebhookSecret).not.toBe(first.Integration.WebhookSecret);
    expect(second.Integration.WebhookUrl).toBe('https://hooks.example.com/in?secret=s3');
    expect(second.Integration.ClientToken).not.toBe(first.Integration.ClientToken);
    expect(second.Integration.Id).not.toBe(first.Integration.Id);
    const { Integrations } = await ok(admin('integrations/getAll', {}));
    // The signing secret is shown only when it is created (or rotated), never listed.
    expect(Integrations).toEqual(expect.arrayContaining([withoutSecret(first.Integration), withoutSecret(second.Integration)]));
    expect(Integrations.some((integration: Record<string, unknown>) => 'WebhookSecret' in integration)).toBe(false);
  });

  it('sets, keeps and removes the webhook URL, renames, disables', async () => {
    const Integration = withoutSecret((await ok(admin('integrations/add', { Name: 'Hooked' }))).Integration);
    const id = { IntegrationId: Integration.Id };
    const set = await ok(admin('integrations/update', { ...id, WebhookUrl: 'http://127.0.0.1:9/hook' }));
    expect(set.Integration).toEqual({ ...Integration, WebhookUrl: 'http://127.0.0.1:9/hook' });
    const renamed = await ok(admin('integrations/update', { ...id, Name: 'Renamed', IsEnabled: false }));
    expect(renamed.Integration).toEqual({ ...set.Integration, Name: 'Renamed', IsEnabled: false });
    const removed = await ok(admin('integrations/update', { ...id, WebhookUrl: null }));
    expect(removed.Integration).toEqual({ ...renamed.Integration, WebhookUrl: null });
    const { Integrations } = await ok(admin('integrations/getAll', {}));
    expect(Integrations).toContainEqual(removed.Integration);
  });

  it('accepts only absolute http(s) webhook URLs', async () => {
    const Integration = withoutSecret((await ok(admin('integrations/add', { Name: 'Strict' }))).Integration);
    for (const WebhookUrl of ['ftp://example.com/x', '/relative/path', 'not a url', 'javascript:alert(1)', 'http://', '']) {
      const update = await admin('integrations/update', { IntegrationId: Integration.Id, WebhookUrl });
      expectError(update, 400, /^Invalid WebhookUrl/);
      expectError(await admin('integrations/add', { Name: 'x', WebhookUrl }), 400, /^Invalid WebhookUrl/);
    }
    const tooLong = `https://example.com/${'a'.repeat(2100)}`;
    expectError(await admin('integrations/add', { Name: 'x', WebhookUrl: tooLong }), 400, /^Invalid WebhookUrl/);
    const unchanged = await ok(admin('integrations/getAll', {}));
    expect(unchanged.Integrations).toContainEqual(Integration);
  });

  it('rejects unknown and malformed ids', async () => {
    expectError(await admin('integrations/update', { IntegrationId: crypto.randomUUID(), Name: 'x' }), 400, 'Invalid IntegrationId');
    expectError(await admin('integrations/update', { IntegrationId: 'x' }), 400, 'Invalid IntegrationId: must be a valid UUID.');
    expectError(await admin('integrations/update', {}), 400, 'Invalid IntegrationId: the parameter is required.');
    expectError(await admin('integrations/add', { Name: ' ' }), 400, 'Invalid Name: must not be empty.');
  });
});

function withoutSecret({ WebhookSecret: _secret, ...integration }: Record<string, unknown>) {
  return integration;
}
