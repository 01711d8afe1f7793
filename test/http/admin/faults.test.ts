import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { aroundNow, CONNECTOR_PATHS } from '../../helpers/connector.ts';
import { demo } from '../../helpers/sandbox.ts';
import { createTestDatabase, startTestServer, testBackend, type TestDatabase, type TestServer } from '../../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../../helpers/spawned-server.ts';

const UNKNOWN_ID = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';
const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';
// Low enough that a test can exhaust a token's limit; each test uses tokens of its own sandboxes.
const RATE_LIMIT_MAX = 30;

type Credentials = { ClientToken: string; AccessToken: string; Client: string };

function as(sandbox: any, enterprise = 0): Credentials {
  return { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[enterprise].AccessToken, Client: 'Fault test 1.0' };
}

const addThreadBody = (credentials: Credentials) => ({ ...credentials, OriginalSender: 'Guest', Subject: 'Late arrival' });

/** POSTs on a connection of its own (closed after the answer), so that a cluster may hand it to any worker. */
function postOnNewConnection(url: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('faults', () => {
  let server: TestServer;
  let admin: AdminCall;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: String(RATE_LIMIT_MAX), RATE_LIMIT_WINDOW_S: '300' });
    admin = adminClient(server);
  });
  afterAll(() => server?.close());

  const addSandbox = async (body: object = {}) => (await ok(admin('sandboxes/add', { EnterpriseCount: 2, ...body }))).Sandbox;
  const addFault = async (body: object) => (await ok(admin('faults/add', body))).Fault;
  const faultsOf = async (sandbox: { Id: string }) => (await ok(admin('faults/getAll', { SandboxId: sandbox.Id }))).Faults;
  const threadsOf = async (credentials: Credentials) => {
    const response = await server.post(CONNECTOR_PATHS.getThreads, { ...credentials, CreatedUtc: aroundNow(), Limitation: { Count: 100 } });
    expect(response.status, response.text).toBe(200);
    return response.body.MessageThreads as any[];
  };
  const addThreadStatus = async (credentials: Credentials) => (await server.post(CONNECTOR_PATHS.addThread, addThreadBody(credentials))).status;

  it('are added with every option, listed with how many times each fired, and removed', async () => {
    const sandbox = await addSandbox();
    const full = await addFault({
      SandboxId: sandbox.Id,
      Operation: 'messages/add',
      AccessToken: sandbox.Enterprises[1].AccessToken,
      Status: 429,
      RetryAfterS: 7,
      DelayMs: 10,
      Count: 3,
      Probability: 0.25,
      AfterCommit: true,
    });
    expect(full).toEqual({
      Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SandboxId: sandbox.Id,
      Operation: 'messages/add',
      AccessToken: sandbox.Enterprises[1].AccessToken,
      Status: 429,
      RetryAfterS: 7,
      DelayMs: 10,
      Drop: false,
      Count: 3,
      Probability: 0.25,
      AfterCommit: true,
      FiredCount: 0,
      CreatedUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const minimal = await addFault({ SandboxId: sandbox.Id, Operation: '*', Drop: true });
    expect(minimal).toMatchObject({ AccessToken: null, Status: null, RetryAfterS: null, DelayMs: 0, Drop: true, Count: null, Probability: 1, AfterCommit: false });
    const delay = await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/getAll', DelayMs: 1 });
    const default429 = await addFault({ SandboxId: sandbox.Id, Operation: 'messages/getAll', Status: 429 });
    expect(default429.RetryAfterS).toBe(1);
    expect(await faultsOf(sandbox)).toEqual([full, minimal, delay, default429]);
    expect(await faultsOf(await addSandbox())).toEqual([]);

    expect(await ok(admin('faults/remove', { FaultId: minimal.Id }))).toEqual({});
    expect(await faultsOf(sandbox)).toEqual([full, delay, default429]);
    expectError(await admin('faults/remove', { FaultId: minimal.Id }), 400, /^Invalid FaultId/);
    expectError(await admin('faults/getAll', { SandboxId: UNKNOWN_ID }), 400, /^Invalid SandboxId/);
  });

  it.each([
    ['an unknown Operation', { Operation: 'messages/remove' }, 'Operation'],
    ['no Operation', { Operation: undefined }, 'Operation'],
    ['a Status outside the list', { Status: 404 }, 'Status'],
    ['a Status that is a string', { Status: '500' }, 'Status'],
    ['a fault that does nothing', { Status: undefined }, 'Status'],
    ['RetryAfterS without 429', { Status: 503, RetryAfterS: 5 }, 'RetryAfterS'],
    ['a negative RetryAfterS', { Status: 429, RetryAfterS: -1 }, 'RetryAfterS'],
    ['a fractional RetryAfterS', { Status: 429, RetryAfterS: 1.5 }, 'RetryAfterS'],
    ['Drop with a Status', { Status: 500, Drop: true }, 'Drop'],
    ['Drop that is no boolean', { Status: undefined, Drop: 'yes' }, 'Drop'],
    ['a Count of 0', { Count: 0 }, 'Count'],
    ['a fractional Count', { Count: 1.5 }, 'Count'],
    ['a negative DelayMs', { DelayMs: -1 }, 'DelayMs'],
    ['a DelayMs over 60000', { DelayMs: 60_001 }, 'DelayMs'],
    ['a Probability over 1', { Probability: 1.01 }, 'Probability'],
    ['a negative Probability', { Probability: -0.1 }, 'Probability'],
    ['an AccessToken of nobody', { AccessToken: 'not-a-token' }, 'AccessToken'],
    ['an AccessToken of the demo', { AccessToken: demo.a.AccessToken }, 'AccessToken'],
    ['an unknown SandboxId', { SandboxId: UNKNOWN_ID }, 'SandboxId'],
    ['a SandboxId that is no UUID', { SandboxId: 'sandbox' }, 'SandboxId'],
  ])('refuse %s with 400 Invalid <Parameter> and add nothing', async (_case, change, parameter) => {
    const sandbox = await addSandbox();
    const body = { SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 500, ...change };
    expectError(await admin('faults/add', body), 400, new RegExp(`^Invalid ${parameter}`));
    expect(await faultsOf(sandbox)).toEqual([]);
  });

  it('answer 429 with the contract\'s body and Retry-After, doing none of the request\'s work', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 429, RetryAfterS: 12, Count: 1 });
    const response = await server.post(CONNECTOR_PATHS.addThread, addThreadBody(credentials));
    expectError(response, 429, /^Too many requests/);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(await threadsOf(credentials)).toEqual([]);
    expect(await addThreadStatus(credentials)).toBe(200);
    expect((await faultsOf(sandbox))[0].FiredCount).toBe(1);
  });

  it.each([
    [400, null],
    [401, null],
    [403, null],
    [408, null],
    [409, null],
    [500, null],
    [503, '5'],
  ])('answer %i with the contract\'s error body and headers', async (status, retryAfter) => {
    const sandbox = await addSandbox();
    await addFault({ SandboxId: sandbox.Id, Operation: 'messages/getAll', Status: status });
    const response = await server.post(CONNECTOR_PATHS.getMessages, { ...as(sandbox), MessageThreadIds: [UNKNOWN_ID], Limitation: { Count: 10 } });
    expectError(response, status, /\(fault injected by the sandbox\)\.$/);
    expect(response.headers.get('retry-after')).toBe(retryAfter);
    if (status === 408) expect(response.headers.get('connection')).toBe('close');
  });

  it('with AfterCommit, commit the request\'s write and then answer the fault: a getAll finds the thread', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 500, AfterCommit: true, Count: 1 });
    expectError(await server.post(CONNECTOR_PATHS.addThread, addThreadBody(credentials)), 500, /fault injected/);
    const threads = await threadsOf(credentials);
    expect(threads.map((t) => t.Subject)).toEqual(['Late arrival']);
  });

  it('with Drop, close the connection without an answer, and do none of the request\'s work', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Drop: true, Count: 1 });
    const error = await postOnNewConnection(server.url, CONNECTOR_PATHS.addThread, addThreadBody(credentials)).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(error?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    expect(error?.message).toMatch(/socket hang up|ECONNRESET|EPIPE/);
    expect(await threadsOf(credentials)).toEqual([]);
  });

  it('with Drop and AfterCommit, commit the write and then close the connection without an answer', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Drop: true, AfterCommit: true, Count: 1 });
    await expect(postOnNewConnection(server.url, CONNECTOR_PATHS.addThread, addThreadBody(credentials))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await threadsOf(credentials)).map((t) => t.Subject)).toEqual(['Late arrival']);
  });

  it('with DelayMs alone, give the normal answer (delayed), and count the firing', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: '*', DelayMs: 50, Count: 2 });
    const response = await server.post(CONNECTOR_PATHS.addThread, addThreadBody(credentials));
    expect(response.status, response.text).toBe(200);
    expect(await threadsOf(credentials)).toHaveLength(1);
    expect((await faultsOf(sandbox))[0].FiredCount).toBe(2);
  });

  it('with a Status and DelayMs, answer the fault (delayed)', async () => {
    const sandbox = await addSandbox();
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 503, DelayMs: 50 });
    expectError(await server.post(CONNECTOR_PATHS.addThread, addThreadBody(as(sandbox))), 503, /fault injected/);
  });

  it('fire for their Operation only (* for every one), and for their AccessToken only when they name one', async () => {
    const sandbox = await addSandbox();
    const [a, b] = [as(sandbox, 0), as(sandbox, 1)];
    const portfolio = { ...a, AccessToken: sandbox.PortfolioAccessToken };
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', AccessToken: b.AccessToken, Status: 409 });
    expect(await addThreadStatus(a)).toBe(200);
    expect(await addThreadStatus(b)).toBe(409);
    expect((await server.post(CONNECTOR_PATHS.getThreads, { ...b, CreatedUtc: aroundNow(), Limitation: { Count: 10 } })).status).toBe(200);

    const other = await addSandbox();
    await addFault({ SandboxId: other.Id, Operation: '*', Status: 403 });
    const otherPortfolio = { ...as(other), AccessToken: other.PortfolioAccessToken };
    expect((await server.post(CONNECTOR_PATHS.getThreads, { ...otherPortfolio, CreatedUtc: aroundNow(), Limitation: { Count: 10 } })).status).toBe(403);
    expect((await server.post(CONNECTOR_PATHS.getMessages, { ...as(other, 1), MessageThreadIds: [UNKNOWN_ID], Limitation: { Count: 10 } })).status).toBe(403);
    expect(await addThreadStatus(as(other))).toBe(403);
    // The first sandbox's portfolio token met nothing of the other's.
    expect((await server.post(CONNECTOR_PATHS.addThread, { ...addThreadBody(portfolio), EnterpriseId: sandbox.Enterprises[0].Id })).status).toBe(200);
  });

  it('fire the oldest matching fault first, and a used-up one no more', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 400, Count: 2 });
    await addFault({ SandboxId: sandbox.Id, Operation: '*', Status: 500, Count: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await addThreadStatus(credentials));
    expect(statuses).toEqual([400, 400, 500, 200]);
    expect((await faultsOf(sandbox)).map((f: any) => f.FiredCount)).toEqual([2, 1]);
  });

  it('with a Count, fail exactly that many of concurrent requests', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messageThreads/add', Status: 500, Count: 3 });
    const statuses = await Promise.all(Array.from({ length: 12 }, () => addThreadStatus(credentials)));
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect((await faultsOf(sandbox))[0].FiredCount).toBe(3);
  });

  it('draw their Probability from the sandbox\'s Seed: the same Seed gives the same sequence of fired and not fired', async () => {
    const sequence = async (seed: string) => {
      const sandbox = await addSandbox({ Seed: seed });
      await addFault({ SandboxId: sandbox.Id, Operation: 'messages/getAll', Status: 500, Probability: 0.5 });
      const statuses = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await server.post(CONNECTOR_PATHS.getMessages, { ...as(sandbox), MessageThreadIds: [UNKNOWN_ID], Limitation: { Count: 10 } })).status);
      }
      expect((await faultsOf(sandbox))[0].FiredCount).toBe(statuses.filter((s) => s === 500).length);
      return statuses;
    };
    const first = await sequence('ci-run-42');
    expect(first.some((s) => s === 500) && first.some((s) => s === 200)).toBe(true);
    expect(await sequence('ci-run-42')).toEqual(first);
  });

  it('with Probability 0, never fire', async () => {
    const sandbox = await addSandbox();
    await addFault({ SandboxId: sandbox.Id, Operation: '*', Status: 500, Probability: 0 });
    for (let i = 0; i < 3; i++) expect(await addThreadStatus(as(sandbox))).toBe(200);
    expect((await faultsOf(sandbox))[0].FiredCount).toBe(0);
  });

  it('never fire for another sandbox or the demo', async () => {
    const [a, b] = [await addSandbox(), await addSandbox()];
    await addFault({ SandboxId: a.Id, Operation: '*', Status: 500 });
    expect(await addThreadStatus(as(b))).toBe(200);
    expect(await addThreadStatus(as(b, 1))).toBe(200);
    expect(await addThreadStatus(demo.a)).toBe(200);
    expect(await addThreadStatus(as(a))).toBe(500);
  });

  it('of the demo sandbox fire for the demo credentials', async () => {
    const fault = await addFault({ SandboxId: DEMO_SANDBOX_ID, Operation: 'messageThreads/getAll', AccessToken: demo.b.AccessToken, Status: 500, Count: 1 });
    expect((await server.post(CONNECTOR_PATHS.getThreads, { ...demo.b, CreatedUtc: aroundNow(), Limitation: { Count: 10 } })).status).toBe(500);
    expect((await server.post(CONNECTOR_PATHS.getThreads, { ...demo.b, CreatedUtc: aroundNow(), Limitation: { Count: 10 } })).status).toBe(200);
    await ok(admin('faults/remove', { FaultId: fault.Id }));
  });

  it('fire before the request limit: a token past its limit still meets the fault', async () => {
    const sandbox = await addSandbox();
    const credentials = as(sandbox);
    const body = { ...credentials, MessageThreadIds: [UNKNOWN_ID], Limitation: { Count: 10 } };
    for (let i = 0; i < RATE_LIMIT_MAX; i++) expect((await server.post(CONNECTOR_PATHS.getMessages, body)).status).toBe(200);
    expect((await server.post(CONNECTOR_PATHS.getMessages, body)).status).toBe(429);
    await addFault({ SandboxId: sandbox.Id, Operation: 'messages/getAll', Status: 503, Count: 1 });
    expectError(await server.post(CONNECTOR_PATHS.getMessages, body), 503, /fault injected/);
    expect((await server.post(CONNECTOR_PATHS.getMessages, body)).status).toBe(429);
  });

  it('are deleted by sandboxes/reset and sandboxes/remove', async () => {
    const sandbox = await addSandbox();
    await addFault({ SandboxId: sandbox.Id, Operation: '*', Status: 500 });
    await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expect(await faultsOf(sandbox)).toEqual([]);
    expect(await addThreadStatus(as(sandbox))).toBe(200);

    const fault = await addFault({ SandboxId: sandbox.Id, Operation: '*', Status: 500 });
    await ok(admin('sandboxes/remove', { SandboxId: sandbox.Id }));
    expectError(await admin('faults/getAll', { SandboxId: sandbox.Id }), 400, /^Invalid SandboxId/);
    expectError(await admin('faults/remove', { FaultId: fault.Id }), 400, /^Invalid FaultId/);
  });

  it('are listed in /openapi.json', async () => {
    const document = (await (await fetch(new URL('/openapi.json', server.url))).json()) as { paths: object };
    for (const operation of ['add', 'getAll', 'remove']) expect(Object.keys(document.paths)).toContain(`/api/admin/v1/faults/${operation}`);
  });
});

describe('faults in production', () => {
  it('do not exist without SANDBOX_API', async () => {
    const server = await startTestServer({ MODE: 'production', ADMIN_TOKEN: 'production-admin-token-0123' });
    try {
      const admin = adminClient(server, 'production-admin-token-0123');
      for (const operation of ['faults/add', 'faults/getAll', 'faults/remove']) expect((await admin(operation, {})).status).toBe(404);
      const document = (await (await fetch(new URL('/openapi.json', server.url))).json()) as { paths: object };
      expect(Object.keys(document.paths).some((path) => path.includes('/faults/'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});

/** A Count of 3 and 12 concurrent requests, each on a connection of its own, across `servers`: exactly 3 fail. */
async function expectCountedOnce(servers: readonly { readonly url: string }[]): Promise<void> {
  const admin = adminClient(servers[0]!);
  const { Sandbox } = await ok(admin('sandboxes/add', { EnterpriseCount: 1 }));
  const { Fault } = await ok(admin('faults/add', { SandboxId: Sandbox.Id, Operation: 'messageThreads/add', Status: 503, Count: 3 }));
  const responses = await Promise.all(
    Array.from({ length: 12 }, (_, i) => postOnNewConnection(servers[i % servers.length]!.url, CONNECTOR_PATHS.addThread, addThreadBody(as(Sandbox)))),
  );
  expect(responses.filter((r) => r.status === 503)).toHaveLength(3);
  expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
  const { Faults } = await ok(adminClient(servers[servers.length - 1]!)('faults/getAll', { SandboxId: Sandbox.Id }));
  expect(Faults).toEqual([{ ...Fault, FiredCount: 3 }]);
}

describe(`faults with WORKERS=2 on ${testBackend}`, () => {
  let database: TestDatabase;
  let cluster: SpawnedServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    cluster = await spawnServer({ ...database.env, WORKERS: '2' });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  it('with a Count, fail exactly that many requests across the workers', () => expectCountedOnce([cluster]));
});

describe.runIf(testBackend === 'postgres')('faults with two server processes on PostgreSQL', () => {
  let database: TestDatabase;
  let servers: SpawnedServer[];
  beforeAll(async () => {
    database = await createTestDatabase();
    servers = await Promise.all([spawnServer(database.env), spawnServer(database.env)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await database?.drop();
  });

  it('with a Count, fail exactly that many requests across both processes', () => expectCountedOnce(servers));
});
