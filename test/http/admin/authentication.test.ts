import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../../src/config/config.ts';
import { ADMIN, ADMIN_OPERATIONS, adminClient, expectError, ok } from '../../helpers/admin.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('admin token in sandbox mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('accepts the sandbox default token', async () => {
    const body = await ok(adminClient(server)('enterprises/getAll', {}));
    expect(body.Enterprises.length).toBe(2);
  });

  it('answers 401 to every operation without the token, before reading the body', async () => {
    for (const operation of ADMIN_OPERATIONS) {
      const response = await server.post(`${ADMIN}/${operation}`, '{not json');
      expectError(response, 401, /admin token/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('answers 401 to a wrong token, another scheme or a token with extra text', async () => {
    const wrong = [
      'Bearer sandbox-admin-tokem',
      'Bearer sandbox-admin-token-and-more',
      `Basic ${Buffer.from(`admin:${SANDBOX_ADMIN_TOKEN}`).toString('base64')}`,
      SANDBOX_ADMIN_TOKEN,
      'Bearer',
      `Bearer ${SANDBOX_ADMIN_TOKEN} extra`,
    ];
    for (const authorization of wrong) {
      expectError(await server.post(`${ADMIN}/enterprises/getAll`, {}, { authorization }), 401, /admin token/);
    }
  });

  it('does not let a Connector API token in', async () => {
    const response = await server.post(`${ADMIN}/enterprises/getAll`, {}, {
      authorization: 'Bearer C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
    });
    expectError(response, 401, /admin token/);
  });

  it('keeps the paths exact', async () => {
    const admin = { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` };
    expectError(await server.post(`${ADMIN}/enterprises/getAll/`, {}, admin), 404, /^Not Found/);
    expectError(await server.post(`${ADMIN}/Enterprises/getAll`, {}, admin), 404, /^Not Found/);
    const get = await fetch(`${server.url}${ADMIN}/enterprises/getAll`, { headers: admin });
    expect(get.status).toBe(404);
  });
});

describe('a configured admin token', () => {
  it('replaces the sandbox default', async () => {
    const token = 'a-long-operator-chosen-admin-token';
    const server = await startTestServer({ ADMIN_TOKEN: token });
    try {
      await ok(adminClient(server, token)('enterprises/getAll', {}));
      expectError(await adminClient(server)('enterprises/getAll', {}), 401, /admin token/);
    } finally {
      await server.close();
    }
  });

  it('is what enables the admin API in production mode, over an empty database', async () => {
    const token = 'production-admin-token-0123456789';
    const server = await startTestServer({ MODE: 'production', ADMIN_TOKEN: token });
    try {
      expect(await ok(adminClient(server, token)('applications/getAll', {}))).toEqual({ Applications: [] });
      expectError(await adminClient(server)('applications/getAll', {}), 401, /admin token/);
    } finally {
      await server.close();
    }
  });
});

describe('production mode without ADMIN_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MODE: 'production' });
  });
  afterAll(() => server.close());

  it('has no admin API: every operation is 404, whatever the token', async () => {
    for (const operation of ADMIN_OPERATIONS) {
      expectError(await adminClient(server)(operation, {}), 404, /^Not Found/);
      expectError(await server.post(`${ADMIN}/${operation}`, {}), 404, /^Not Found/);
    }
  });

  it('does not document it', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.startsWith(ADMIN))).toEqual([]);
  });
});
