import { afterAll, beforeAll, expect } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { postJson, startTestServer, type JsonResponse, type TestServer } from './server.ts';

export const ADMIN = '/api/admin/v1';
export const ADD_THREAD = '/api/connector/v1/messageThreads/add';

/** Every operation of the admin API. */
export const ADMIN_OPERATIONS = [
  'enterprises/add',
  'enterprises/getAll',
  'enterprises/update',
  'applications/add',
  'applications/getAll',
  'applications/update',
  'integrations/add',
  'integrations/getAll',
  'integrations/update',
  'integrations/cancel',
  'integrations/reinstate',
  'integrations/regenerateAccessToken',
  'integrations/remove',
  'portfolioAccessTokens/add',
  'portfolioAccessTokens/getAll',
  'portfolioAccessTokens/revoke',
  'staff/add',
  'staff/getAll',
  'staff/remove',
  'webhookDeliveries/getAll',
  'webhookDeliveries/redeliver',
  'sandboxes/add',
  'sandboxes/getAll',
  'sandboxes/reset',
  'sandboxes/remove',
  'sandboxMessages/add',
  'sandboxThreads/resolve',
  'sandboxThreads/reopen',
  'autoReplies/add',
  'autoReplies/getAll',
  'autoReplies/remove',
  'webhookBehaviour/update',
  'webhookBehaviour/get',
  'requests/getAll',
  'faults/add',
  'faults/getAll',
  'faults/remove',
  'clock/get',
  'clock/set',
  'clock/advance',
  'clock/resume',
] as const;

/** Calls an admin operation (`enterprises/add`) with the admin token as a bearer token. */
export type AdminCall = (operation: string, body: unknown) => Promise<JsonResponse>;

/** The admin API of a started server (a test server or a spawned one). */
export function adminClient(server: { readonly url: string }, token: string = SANDBOX_ADMIN_TOKEN): AdminCall {
  return (operation, body) => postJson(server.url, `${ADMIN}/${operation}`, body, { authorization: `Bearer ${token}` });
}

/**
 * One server for a test file's tests (sandbox mode unless `env` says otherwise), started before them and closed after
 * them, with an admin client using its admin token.
 */
export function useAdminServer(env: Record<string, string> = {}): { server: () => TestServer; admin: AdminCall } {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(env);
  });
  afterAll(() => started?.close());
  const server = () => {
    if (!started) throw new Error('The server starts before the tests.');
    return started;
  };
  return { server, admin: (operation, body) => adminClient(server(), env.ADMIN_TOKEN)(operation, body) };
}

/** Calls an admin operation that must succeed, and returns its body. */
export async function ok(call: Promise<JsonResponse>): Promise<any> {
  const response = await call;
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/** Asserts the contract's error body with this status and message, Request-Id included. */
export function expectError(response: JsonResponse, status: number, message: string | RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body.Message).toMatch(typeof message === 'string' ? new RegExp(`^${escape(message)}$`) : message);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  expect(response.body.Details).toBeNull();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Tenant {
  readonly enterpriseIds: string[];
  readonly applicationId: string;
  /** The application's integration with each enterprise, in the order of `enterpriseIds`. */
  readonly integrationIds: string[];
  readonly clientToken: string;
  /** The integration's AccessToken with one enterprise; a portfolio access token over all of them with several. */
  readonly accessToken: string;
}

/**
 * An operator's new tenant, made through the admin API: enterprises, an application, its integration with each, and
 * with several enterprises a portfolio access token over all of them.
 */
export async function createTenant(admin: AdminCall, enterpriseNames: string[] = ['Hotel']): Promise<Tenant> {
  const enterpriseIds: string[] = [];
  for (const Name of enterpriseNames) enterpriseIds.push((await ok(admin('enterprises/add', { Name }))).Enterprise.Id);
  const { Application } = await ok(admin('applications/add', { Name: 'Guest messaging app' }));
  const integrations = [];
  for (const EnterpriseId of enterpriseIds) {
    integrations.push((await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId }))).Integration);
  }
  const accessToken =
    enterpriseIds.length === 1
      ? integrations[0].AccessToken
      : (await ok(admin('portfolioAccessTokens/add', { ApplicationId: Application.Id, EnterpriseIds: enterpriseIds }))).PortfolioAccessToken.Value;
  return {
    enterpriseIds,
    applicationId: Application.Id,
    integrationIds: integrations.map((integration) => integration.Id),
    clientToken: Application.ClientToken,
    accessToken,
  };
}

/** A Connector API body with a tenant's credentials. */
export function credentials(tenant: Tenant) {
  return { ClientToken: tenant.clientToken, AccessToken: tenant.accessToken, Client: 'Operator test 1.0' };
}
