import { describe, expect, it } from 'vitest';
import { adminClient, expectError, ok } from '../../helpers/admin.ts';
import { startTestServer } from '../../helpers/server.ts';

const ADMIN_TOKEN = 'production-admin-token-0123456789';

async function withServer(env: Record<string, string>, test: (server: Awaited<ReturnType<typeof startTestServer>>) => Promise<void>) {
  const server = await startTestServer(env);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

async function documentedPaths(url: string): Promise<string[]> {
  return Object.keys(((await (await fetch(`${url}/openapi.json`)).json()) as { paths: object }).paths);
}

describe('the sandboxes API by mode', () => {
  it('is absent in production mode: 404 and not in the OpenAPI document', async () => {
    await withServer({ MODE: 'production', ADMIN_TOKEN }, async (server) => {
      const admin = adminClient(server, ADMIN_TOKEN);
      for (const operation of ['sandboxes/add', 'sandboxes/getAll', 'sandboxes/reset', 'sandboxes/remove', 'sandboxMessages/add', 'sandboxThreads/resolve', 'sandboxThreads/reopen', 'autoReplies/add', 'autoReplies/getAll', 'autoReplies/remove', 'faults/add', 'faults/getAll', 'faults/remove']) {
        expectError(await admin(operation, {}), 404, /.+/);
      }
      await ok(admin('enterprises/getAll', {}));
      const paths = await documentedPaths(server.url);
      expect(paths.some((path) => /\/(sandboxes|sandboxMessages|sandboxThreads|autoReplies|faults)\//.test(path))).toBe(false);
      expect(paths).toContain('/api/admin/v1/enterprises/getAll');
    });
  });

  it('exists in production mode with SANDBOX_API=true, without a demo sandbox', async () => {
    await withServer({ MODE: 'production', ADMIN_TOKEN, SANDBOX_API: 'true' }, async (server) => {
      const admin = adminClient(server, ADMIN_TOKEN);
      expect(await ok(admin('sandboxes/getAll', {}))).toEqual({ Sandboxes: [] });
      const { Sandbox } = await ok(admin('sandboxes/add', { EnterpriseCount: 1 }));
      expect((await ok(admin('sandboxes/getAll', {}))).Sandboxes).toEqual([Sandbox]);
      expect(await documentedPaths(server.url)).toContain('/api/admin/v1/sandboxes/add');
    });
  });

  it('is off in development mode with SANDBOX_API=false, and asks for the admin token in any mode', async () => {
    await withServer({ MODE: 'development', SANDBOX_API: 'false' }, async (server) => {
      expect((await adminClient(server)('sandboxes/getAll', {})).status).toBe(404);
      expect((await adminClient(server)('sandboxMessages/add', { MessageThreadId: '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10', Text: 'Hi' })).status).toBe(404);
    });
    await withServer({ MODE: 'development' }, async (server) => {
      expect((await ok(adminClient(server)('sandboxes/getAll', {}))).Sandboxes).toHaveLength(1);
      expect((await adminClient(server, 'wrong-admin-token-0123456789')('sandboxes/getAll', {})).status).toBe(401);
    });
  });
});
