import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../../src/config/config.ts';
import { ADD_THREAD, ADMIN, adminClient, expectError, ok, useAdminServer, type AdminCall } from '../../helpers/admin.ts';
import { eventually } from '../../helpers/eventually.ts';
import { createTestDatabase, postJson, startTestServer, type TestServer } from '../../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../../helpers/spawned-server.ts';

const GET_THREADS = '/api/connector/v1/messageThreads/getAll';

function as(sandbox: any) {
  return { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'Journal test 1.0' };
}

const addSandbox = (admin: AdminCall) => ok(admin('sandboxes/add', {})).then((body) => body.Sandbox);

async function addThread(url: string, sandbox: any, extra: object = {}) {
  return postJson(url, ADD_THREAD, { ...as(sandbox), OriginalSender: 'Guest', Subject: 'Late arrival', ...extra });
}

/** The sandbox's recorded requests once there are `count` of them (they are written within about 100 ms). */
function recorded(admin: AdminCall, sandboxId: string, count: number, filter: object = {}) {
  return eventually(
    async () => (await ok(admin('requests/getAll', { SandboxId: sandboxId, Limitation: { Count: 100 }, ...filter }))).Requests as any[],
    (requests) => requests.length >= count,
  );
}

/** Reads a Server-Sent Events stream's `data:` events as they come. */
async function openStream(url: string, sandboxId: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}${ADMIN}/requests/stream?SandboxId=${sandboxId}`, {
    headers: { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` },
    signal: controller.signal,
  });
  const events: any[] = [];
  let text = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      // Aborted.
    }
  })();
  return {
    response,
    events,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe('the request journal', () => {
  const { server, admin } = useAdminServer();

  it('records a sandbox request with its answer, its tokens masked everywhere', async () => {
    const sandbox = await addSandbox(admin);
    const answer = await addThread(server().url, sandbox);
    expect(answer.status).toBe(200);
    const [entry] = await recorded(admin, sandbox.Id, 1);
    expect(entry).toEqual({
      Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SandboxId: sandbox.Id,
      Method: 'POST',
      Operation: 'messageThreads/add',
      Status: 200,
      DurationMs: expect.any(Number),
      RequestId: answer.headers.get('request-id'),
      CreatedUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      RequestBody: {
        ClientToken: `••••${sandbox.ClientToken.slice(-4)}`,
        AccessToken: `••••${sandbox.Enterprises[0].AccessToken.slice(-4)}`,
        Client: 'Journal test 1.0',
        OriginalSender: 'Guest',
        Subject: 'Late arrival',
      },
      ResponseBody: answer.body,
      FaultId: null,
    });
    const page = await admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 } });
    expect(page.text).not.toContain(sandbox.ClientToken);
    expect(page.text).not.toContain(sandbox.Enterprises[0].AccessToken);
  });

  it('masks any key naming a token, secret or password, at any depth', async () => {
    const sandbox = await addSandbox(admin);
    await postJson(server().url, GET_THREADS, { ...as(sandbox), Limitation: { Count: 1, WebhookSecret: 'whsec_abcdefghijkl' }, Extra: [{ password: 'hunter2hunter2' }] });
    const [entry] = await recorded(admin, sandbox.Id, 1);
    expect(entry.Status).toBe(400);
    expect(entry.RequestBody.Limitation.WebhookSecret).toBe('••••ijkl');
    expect(entry.RequestBody.Extra).toEqual([{ password: '••••ter2' }]);
  });

  it('records refused requests of a sandbox token (bad body, wrong ClientToken) but not unknown tokens', async () => {
    const sandbox = await addSandbox(admin);
    expect((await postJson(server().url, ADD_THREAD, { ...as(sandbox), Subject: 'No sender' })).status).toBe(400);
    expect((await postJson(server().url, ADD_THREAD, { ...as(sandbox), ClientToken: 'wrong', OriginalSender: 'Guest', Subject: 'Hello' })).status).toBe(401);
    expect((await postJson(server().url, ADD_THREAD, { ...as(sandbox), AccessToken: 'unknown', OriginalSender: 'Guest', Subject: 'Hello' })).status).toBe(401);
    const requests = await recorded(admin, sandbox.Id, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await recorded(admin, sandbox.Id, 2)).map((r) => r.Status)).toEqual([401, 400]);
    expect(requests[0].ResponseBody.Message).toMatch(/ClientToken/);
  });

  it('pages newest first and filters by Operation, Status and RequestId', async () => {
    const sandbox = await addSandbox(admin);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await addThread(server().url, sandbox)).headers.get('request-id')!);
    const read = await postJson(server().url, GET_THREADS, { ...as(sandbox), MessageThreadIds: [sandbox.Id], Limitation: { Count: 5 } });
    await postJson(server().url, ADD_THREAD, { ...as(sandbox) });
    const all = await recorded(admin, sandbox.Id, 5);
    expect(all.map((r) => r.Operation)).toEqual(['messageThreads/add', 'messageThreads/getAll', 'messageThreads/add', 'messageThreads/add', 'messageThreads/add']);
    expect(all.slice(2).map((r) => r.RequestId)).toEqual([...ids].reverse());

    const first = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 2 } }));
    expect(first.Requests.map((r: any) => r.Id)).toEqual(all.slice(0, 2).map((r) => r.Id));
    expect(first.Cursor).toBe(all[1].Id);
    const second = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 2, Cursor: first.Cursor } }));
    expect(second.Requests.map((r: any) => r.Id)).toEqual(all.slice(2, 4).map((r) => r.Id));

    const reads = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 }, Operation: 'messageThreads/getAll' }));
    expect(reads.Requests.map((r: any) => r.RequestId)).toEqual([read.headers.get('request-id')]);
    const refused = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 }, Status: 400 }));
    expect(refused.Requests.map((r: any) => r.Id)).toEqual([all[0].Id]);
    const one = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 }, RequestId: ids[1] }));
    expect(one.Requests.map((r: any) => r.RequestId)).toEqual([ids[1]]);
    const none = await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 }, Status: 500 }));
    expect(none).toEqual({ Requests: [], Cursor: null });
  });

  it('keeps each sandbox its own journal, and deletes it on reset and on removal', async () => {
    const [one, two] = [await addSandbox(admin), await addSandbox(admin)];
    await addThread(server().url, one);
    await addThread(server().url, two);
    await addThread(server().url, two);
    expect((await recorded(admin, one.Id, 1)).every((r) => r.SandboxId === one.Id)).toBe(true);
    expect(await recorded(admin, two.Id, 2)).toHaveLength(2);
    expect(await recorded(admin, one.Id, 1)).toHaveLength(1);

    await ok(admin('sandboxes/reset', { SandboxId: two.Id }));
    expect((await ok(admin('requests/getAll', { SandboxId: two.Id, Limitation: { Count: 10 } }))).Requests).toEqual([]);
    expect(await recorded(admin, one.Id, 1)).toHaveLength(1);

    await ok(admin('sandboxes/remove', { SandboxId: one.Id }));
    expect((await server().database.selectFrom('request_journal').select('id').where('sandbox_id', '=', one.Id).execute())).toEqual([]);
    expectError(await admin('requests/getAll', { SandboxId: one.Id, Limitation: { Count: 10 } }), 400, 'Invalid SandboxId');
  });

  it('does not record requests of an operator\'s own tenants', async () => {
    const before = await server().database.selectFrom('request_journal').select('id').execute();
    const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Own hotel' }));
    const { Application } = await ok(admin('applications/add', { Name: 'Own app' }));
    const { Integration } = await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id }));
    const body = { ClientToken: Application.ClientToken, AccessToken: Integration.AccessToken, Client: 'Own 1.0', OriginalSender: 'Guest', Subject: 'Hello' };
    expect((await postJson(server().url, ADD_THREAD, body)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await server().database.selectFrom('request_journal').select('id').execute()).toHaveLength(before.length);
  });

  it('answers bad inputs with 400', async () => {
    const sandbox = await addSandbox(admin);
    const page = { Count: 10 };
    expectError(await admin('requests/getAll', { SandboxId: 'nope', Limitation: page }), 400, /^Invalid SandboxId/);
    expectError(await admin('requests/getAll', { SandboxId: '8f0c4a4e-1b0e-4d2a-9a53-1f3f0f7e2c11', Limitation: page }), 400, 'Invalid SandboxId');
    expectError(await admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 0 } }), 400, /^Invalid Limitation.Count/);
    expectError(await admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 1, Cursor: sandbox.Id } }), 400, 'Invalid Cursor');
    expectError(await admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: page, Status: 'OK' }), 400, /^Invalid Status/);
    expectError(await admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: page, Operation: '' }), 400, /^Invalid Operation/);
    expectError(await admin('requests/getAll', { SandboxId: sandbox.Id }), 400, /^Invalid Limitation/);
    const stream = await fetch(`${server().url}${ADMIN}/requests/stream?SandboxId=nope`, { headers: { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` } });
    expect(stream.status).toBe(400);
    expect(((await stream.json()) as any).Message).toMatch(/^Invalid SandboxId/);
    const unknown = await fetch(`${server().url}${ADMIN}/requests/stream?SandboxId=8f0c4a4e-1b0e-4d2a-9a53-1f3f0f7e2c11`, {
      headers: { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` },
    });
    expect(unknown.status).toBe(400);
    expect((await fetch(`${server().url}${ADMIN}/requests/stream?SandboxId=${sandbox.Id}`)).status).toBe(401);
  });

  it('streams the entries of requests made after connecting, of its sandbox only', async () => {
    const [mine, other] = [await addSandbox(admin), await addSandbox(admin)];
    const stream = await openStream(server().url, mine.Id);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await addThread(server().url, other);
      const answer = await addThread(server().url, mine);
      await eventually(() => stream.events.length > 0);
      expect(stream.events).toEqual([expect.objectContaining({ SandboxId: mine.Id, Operation: 'messageThreads/add', RequestId: answer.headers.get('request-id') })]);
      expect(JSON.stringify(stream.events)).not.toContain(mine.Enterprises[0].AccessToken);
    } finally {
      await stream.close();
    }
  });
});

describe('the request journal\'s limits', () => {
  const { server, admin } = useAdminServer({ JOURNAL_MAX_ENTRIES: '3', JOURNAL_RETENTION_HOURS: '0.0005' });

  it('keeps the newest JOURNAL_MAX_ENTRIES of a sandbox', async () => {
    const sandbox = await addSandbox(admin);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await addThread(server().url, sandbox)).headers.get('request-id')!);
    await eventually(
      async () => (await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 } }))).Requests.map((r: any) => r.RequestId),
      (seen: string[]) => JSON.stringify(seen) === JSON.stringify(ids.slice(2).reverse()),
    );
  });

  it('forgets entries older than JOURNAL_RETENTION_HOURS', async () => {
    const sandbox = await addSandbox(admin);
    const old = (await addThread(server().url, sandbox)).headers.get('request-id');
    await recorded(admin, sandbox.Id, 1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const recent = (await addThread(server().url, sandbox)).headers.get('request-id');
    await eventually(
      async () => (await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 } }))).Requests.map((r: any) => r.RequestId),
      (seen: string[]) => seen.length === 1 && seen[0] === recent && seen[0] !== old,
    );
  });
});

describe('the request journal and the request limit', () => {
  const { server, admin } = useAdminServer({ RATE_LIMIT_MAX: '1' });

  it('records a sandbox request answered 429, before its tokens were checked', async () => {
    const sandbox = await addSandbox(admin);
    expect((await addThread(server().url, sandbox)).status).toBe(200);
    const limited = await addThread(server().url, sandbox);
    expect(limited.status).toBe(429);
    const requests = await recorded(admin, sandbox.Id, 2);
    expect(requests.map((r) => [r.Status, r.RequestId])).toEqual([[429, limited.headers.get('request-id')], [200, expect.any(String)]]);
  });
});

describe('the request journal on closing', () => {
  it('writes what was recorded before the server closed: nothing answered is lost', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startTestServer(database.env);
      const sandbox = await addSandbox(adminClient(first));
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await addThread(first.url, sandbox)).headers.get('request-id')!);
      // At once: the entries are still waiting for their batch.
      await first.close();
      const second = await startTestServer(database.env);
      try {
        const { Requests } = await ok(adminClient(second)('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 } }));
        expect(Requests.map((r: any) => r.RequestId)).toEqual([...ids].reverse());
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('without the journal', () => {
  let production: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    [production, off] = await Promise.all([
      startTestServer({ MODE: 'production', ADMIN_TOKEN: 'an-admin-token-of-production' }),
      startTestServer({ JOURNAL_MAX_ENTRIES: '0' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([production?.close(), off?.close()]);
  });

  it('has no request journal in production: nothing recorded, no operation', async () => {
    const admin = adminClient(production, 'an-admin-token-of-production');
    const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Hotel' }));
    const { Application } = await ok(admin('applications/add', { Name: 'App' }));
    const { Integration } = await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: Enterprise.Id }));
    const body = { ClientToken: Application.ClientToken, AccessToken: Integration.AccessToken, Client: 'Prod 1.0', OriginalSender: 'Guest', Subject: 'Hello' };
    expect((await production.post(ADD_THREAD, body)).status).toBe(200);
    expectError(await admin('requests/getAll', { SandboxId: Enterprise.Id, Limitation: { Count: 1 } }), 404, /^Not Found/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await production.database.selectFrom('request_journal').select('id').execute()).toEqual([]);
  });

  it('records nothing with JOURNAL_MAX_ENTRIES=0', async () => {
    const admin = adminClient(off);
    const sandbox = await addSandbox(admin);
    expect((await addThread(off.url, sandbox)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await ok(admin('requests/getAll', { SandboxId: sandbox.Id, Limitation: { Count: 10 } }))).Requests).toEqual([]);
  });
});

describe('the request journal of several processes', () => {
  let servers: SpawnedServer[] = [];
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    // Two processes over one database: the first migrates, then the second starts over the same schema.
    const env = database.env;
    servers = [await spawnServer(env)];
    servers.push(await spawnServer(env));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.dispose()));
    await drop?.();
  });

  it('shows the entries of both, in getAll and in the stream of either', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const admin = adminClient(a);
    const sandbox = await addSandbox(admin);
    const stream = await openStream(a.url, sandbox.Id);
    try {
      const ids = [(await addThread(a.url, sandbox)).headers.get('request-id'), (await addThread(b.url, sandbox)).headers.get('request-id')];
      const requests = await recorded(adminClient(b), sandbox.Id, 2);
      expect(requests.map((r) => r.RequestId).sort()).toEqual([...ids].sort());
      await eventually(() => stream.events.length >= 2);
      expect(stream.events.map((e) => e.RequestId).sort()).toEqual([...ids].sort());
    } finally {
      await stream.close();
    }
  });
});
