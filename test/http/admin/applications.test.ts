import { describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATIONS } from '../../../src/store/sandbox-seed.ts';
import { expectError, ok, useAdminServer } from '../../helpers/admin.ts';

const TOKEN_FORMAT = /^[0-9A-F]{32}-[0-9A-F]{31}$/;

describe('admin applications', () => {
  const { server, admin } = useAdminServer();

  it('lists the sandbox\'s demo applications with their ClientTokens', async () => {
    const { Applications } = await ok(admin('applications/getAll', {}));
    for (const demo of SANDBOX_APPLICATIONS) {
      expect(Applications).toContainEqual({
        Id: demo.id,
        Name: demo.name,
        ClientToken: demo.clientToken,
        WebhookUrl: null,
        IntegrationWebhookUrl: null,
        IsEnabled: true,
      });
    }
  });

  it('adds an enabled application with a fresh ClientToken in the demo\'s format', async () => {
    const first = await ok(admin('applications/add', { Name: 'My app' }));
    const second = await ok(admin('applications/add', { Name: 'My app', WebhookUrl: 'https://hooks.example.com/in?secret=s3' }));
    expect(first.Application).toEqual({
      Id: expect.any(String),
      Name: 'My app',
      ClientToken: expect.stringMatching(TOKEN_FORMAT),
      WebhookUrl: null,
      IntegrationWebhookUrl: null,
      IsEnabled: true,
      WebhookSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(second.Application.WebhookSecret).not.toBe(first.Application.WebhookSecret);
    expect(second.Application.WebhookUrl).toBe('https://hooks.example.com/in?secret=s3');
    expect(second.Application.ClientToken).not.toBe(first.Application.ClientToken);
    expect(second.Application.Id).not.toBe(first.Application.Id);
    const { Applications } = await ok(admin('applications/getAll', {}));
    // The signing secret is shown only when it is created (or rotated), never listed.
    expect(Applications).toEqual(expect.arrayContaining([withoutSecret(first.Application), withoutSecret(second.Application)]));
    expect(Applications.some((application: Record<string, unknown>) => 'WebhookSecret' in application)).toBe(false);
  });

  it('sets, keeps and removes the webhook URL, renames, disables', async () => {
    const Application = withoutSecret((await ok(admin('applications/add', { Name: 'Hooked' }))).Application);
    const id = { ApplicationId: Application.Id };
    const set = await ok(admin('applications/update', { ...id, WebhookUrl: 'http://127.0.0.1:9/hook' }));
    expect(set.Application).toEqual({ ...Application, WebhookUrl: 'http://127.0.0.1:9/hook' });
    const renamed = await ok(admin('applications/update', { ...id, Name: 'Renamed', IsEnabled: false }));
    expect(renamed.Application).toEqual({ ...set.Application, Name: 'Renamed', IsEnabled: false });
    const removed = await ok(admin('applications/update', { ...id, WebhookUrl: null }));
    expect(removed.Application).toEqual({ ...renamed.Application, WebhookUrl: null });
    const integrationHook = await ok(admin('applications/update', { ...id, IntegrationWebhookUrl: 'https://partner.example/integrations' }));
    expect(integrationHook.Application).toEqual({ ...removed.Application, IntegrationWebhookUrl: 'https://partner.example/integrations' });
    expectError(await admin('applications/update', { ...id, IntegrationWebhookUrl: 'ftp://x' }), 400, /^Invalid IntegrationWebhookUrl/);
    const unhooked = await ok(admin('applications/update', { ...id, IntegrationWebhookUrl: null }));
    expect(unhooked.Application).toEqual(removed.Application);
    const { Applications } = await ok(admin('applications/getAll', {}));
    expect(Applications).toContainEqual(unhooked.Application);
  });

  it('accepts only absolute http(s) webhook URLs', async () => {
    const Application = withoutSecret((await ok(admin('applications/add', { Name: 'Strict' }))).Application);
    for (const WebhookUrl of ['ftp://example.com/x', '/relative/path', 'not a url', 'javascript:alert(1)', 'http://', '']) {
      const update = await admin('applications/update', { ApplicationId: Application.Id, WebhookUrl });
      expectError(update, 400, /^Invalid WebhookUrl/);
      expectError(await admin('applications/add', { Name: 'x', WebhookUrl }), 400, /^Invalid WebhookUrl/);
    }
    const tooLong = `https://example.com/${'a'.repeat(2100)}`;
    expectError(await admin('applications/add', { Name: 'x', WebhookUrl: tooLong }), 400, /^Invalid WebhookUrl/);
    const unchanged = await ok(admin('applications/getAll', {}));
    expect(unchanged.Applications).toContainEqual(Application);
  });

  it('rejects unknown and malformed ids', async () => {
    expectError(await admin('applications/update', { ApplicationId: crypto.randomUUID(), Name: 'x' }), 400, 'Invalid ApplicationId');
    expectError(await admin('applications/update', { ApplicationId: 'x' }), 400, 'Invalid ApplicationId: must be a valid UUID.');
    expectError(await admin('applications/update', {}), 400, 'Invalid ApplicationId: the parameter is required.');
    expectError(await admin('applications/add', { Name: ' ' }), 400, 'Invalid Name: must not be empty.');
  });
});

function withoutSecret({ WebhookSecret: _secret, ...application }: Record<string, unknown>) {
  return application;
}
