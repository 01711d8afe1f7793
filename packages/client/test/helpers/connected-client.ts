import { ConnectorClient, type ConnectorClientOptions } from '../../src/index.ts';
import { demo } from '../../../../test/helpers/sandbox.ts';
import type { TestServer } from '../../../../test/helpers/server.ts';

interface Credentials {
  readonly ClientToken: string;
  readonly AccessToken: string;
  readonly Client: string;
}

/** A client of a started server, with the given credentials (the demo integration's for enterprise A by default). */
export function connectedClient(
  server: Pick<TestServer, 'url'>,
  credentials: Credentials = demo.a,
  options: Partial<ConnectorClientOptions> = {},
): ConnectorClient {
  return new ConnectorClient({
    platformAddress: server.url,
    clientToken: credentials.ClientToken,
    accessToken: credentials.AccessToken,
    client: credentials.Client,
    ...options,
  });
}

/** `minutes` from now (negative: in the past), as an ISO 8601 UTC string for a time filter. */
export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}
