import type * as declared from 'connector-messaging/embedded';
import { describe, expect, it } from 'vitest';
import { startEmbeddedServer } from '../../src/embedded.ts';

// The hand-written declarations the package ships (types/embedded.d.ts) against the source, both ways: tsc fails here
// when they drift apart.
const asDeclared: typeof declared.startEmbeddedServer = startEmbeddedServer;
const asSource: typeof startEmbeddedServer = asDeclared;

describe('connector-messaging/embedded', () => {
  it('starts a server in this process, configured by the settings given, and closes it', async () => {
    const server = await asSource({ PORT: '0', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', MODE: 'sandbox' });
    const response = await fetch(`${server.url}/api/admin/v1/sandboxes/getAll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-admin-token' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('is the package\'s export, compiled, as an installed package imports it', async () => {
    const compiled: typeof declared = await import('connector-messaging/embedded');
    expect(Object.keys(compiled)).toEqual(['startEmbeddedServer']);
  });
});
