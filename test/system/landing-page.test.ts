import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const CONFIGURED_ADMIN_TOKEN = 'configured-admin-token-0123456789';

async function landing(server: TestServer) {
  const response = await fetch(new URL('/', server.url));
  return { response, html: await response.text() };
}

describe('GET / in sandbox mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('is an HTML page under the strict Content-Security-Policy, with the links, demo credentials and staff logins', async () => {
    const { response, html } = await landing(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    for (const link of ['/docs', '/console', '/inbox']) expect(html).toContain(`href="${link}"`);
    for (const secret of [demo.a.ClientToken, demo.a.AccessToken, demo.b.AccessToken, SANDBOX_ADMIN_TOKEN, SANDBOX_STAFF[0].email]) {
      expect(html).toContain(secret);
    }
    expect(html).toContain(`/ ${SANDBOX_STAFF_PASSWORD}<`);
  });

  it('is only GET /: other methods and paths stay 404 with the error body', async () => {
    const post = await server.post('/', {});
    expect(post.status).toBe(404);
    expect(post.body.RequestId).toBe(post.headers.get('request-id'));
  });
});

describe('GET / in production mode', () => {
  it('names no credential, and links the console only when there is an admin API', async () => {
    const withoutAdmin = await startTestServer({ MODE: 'production' });
    try {
      const { response, html } = await landing(withoutAdmin);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html).toContain('href="/docs"');
      expect(html).toContain('href="/inbox"');
      expect(html).not.toContain('href="/console"');
      expect((await fetch(new URL('/console/', withoutAdmin.url))).status).toBe(404);
      for (const secret of [demo.a.ClientToken, demo.a.AccessToken, SANDBOX_ADMIN_TOKEN, SANDBOX_STAFF[0].email, 'Demo credentials']) {
        expect(html).not.toContain(secret);
      }
    } finally {
      await withoutAdmin.close();
    }

    const withAdmin = await startTestServer({ MODE: 'production', ADMIN_TOKEN: CONFIGURED_ADMIN_TOKEN });
    try {
      const { html } = await landing(withAdmin);
      expect(html).toContain('href="/console"');
      expect(html).not.toContain(CONFIGURED_ADMIN_TOKEN);
      const settings = await (await fetch(new URL('/console/settings.json', withAdmin.url))).json();
      expect(settings).toEqual({ Mode: 'production', AdminApi: '/api/admin/v1', PublicAdminToken: null });
    } finally {
      await withAdmin.close();
    }
  });
});

describe('a configured ADMIN_TOKEN in sandbox mode', () => {
  it('is neither on the landing page nor in the console\'s settings', async () => {
    const server = await startTestServer({ ADMIN_TOKEN: CONFIGURED_ADMIN_TOKEN });
    try {
      const { html } = await landing(server);
      expect(html).toContain(demo.a.ClientToken);
      expect(html).not.toContain(CONFIGURED_ADMIN_TOKEN);
      expect(html).not.toContain(SANDBOX_ADMIN_TOKEN);
      const settings = (await (await fetch(new URL('/console/settings.json', server.url))).json()) as { PublicAdminToken: unknown };
      expect(settings.PublicAdminToken).toBeNull();
    } finally {
      await server.close();
    }
  });
});
