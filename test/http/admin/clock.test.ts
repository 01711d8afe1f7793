import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessageThread } from '../../../src/domain/message-threads.ts';
import { advanceClock, setClock } from '../../../src/domain/sandbox-clock.ts';
import { addSandbox as addSandboxIn } from '../../../src/domain/sandboxes.ts';
import { ADD_THREAD, adminClient, expectError, ok, type AdminCall } from '../../helpers/admin.ts';
import { BACKENDS, openTestStore } from '../../helpers/backends.ts';
import { eventually } from '../../helpers/eventually.ts';
import { createTestDatabase, postJson, startTestServer, type TestServer } from '../../helpers/server.ts';
import { spawnServer } from '../../helpers/spawned-server.ts';

const CONNECTOR = '/api/connector/v1';
const ENTERPRISE = '/api/enterprise/v1';
const UNKNOWN_ID = '5b0e3c5e-8d6f-4c36-9a59-4f3a3c1d2e10';
const AT = '2030-05-06T07:08:09Z';
const AT_S = Date.parse(AT) / 1000;
const utc = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

type Server = { readonly url: string };

function as(sandbox: any) {
  return { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'Clock test 1.0' };
}

async function addThread(server: Server, credentials: object): Promise<any> {
  const response = await postJson(server.url, ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Late arrival' });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads[0];
}

async function addMessage(server: Server, credentials: object, threadId: string, text = 'Hello'): Promise<any> {
  const response = await postJson(server.url, `${CONNECTOR}/messages/add`, { ...credentials, Messages: [{ MessageThreadId: threadId, Text: text }] });
  expect(response.status, response.text).toBe(200);
  return response.body.Messages[0].Message;
}

async function threads(server: Server, credentials: object, filter: object): Promise<any> {
  const response = await postJson(server.url, `${CONNECTOR}/messageThreads/getAll`, { ...credentials, ...filter });
  expect([200, 204], response.text).toContain(response.status);
  return response.status === 204 ? { MessageThreads: [], Cursor: null } : response.body;
}

async function messagesOf(server: Server, credentials: object, threadId: string): Promise<any[]> {
  const response = await postJson(server.url, `${CONNECTOR}/messages/getAll`, { ...credentials, MessageThreadIds: [threadId], Limitation: { Count: 100 } });
  expect(response.status, response.text).toBe(200);
  return response.body.Messages;
}

async function signIn(server: Server, staff: { Email: string; Password: string }): Promise<any> {
  const response = await postJson(server.url, `${ENTERPRISE}/sessions/add`, { Email: staff.Email, Password: staff.Password });
  expect(response.status, response.text).toBe(200);
  return response.body;
}

describe('sandbox clocks', () => {
  let server: TestServer;
  let admin: AdminCall;
  beforeAll(async () => {
    server = await startTestServer();
    admin = adminClient(server);
  });
  afterAll(() => server?.close());
  const addSandbox = async (body: object = {}) => (await ok(admin('sandboxes/add', { EnterpriseCount: 1, ...body }))).Sandbox;
  const clock = async (operation: string, body: object) => (await ok(admin(`clock/${operation}`, body))).Clock;

  it('run on real time until set, then frozen, advanced and resumed', async () => {
    const { Id: SandboxId } = await addSandbox();
    const before = Math.floor(Date.now() / 1000);
    const real = await clock('get', { SandboxId });
    expect(real).toEqual({ SandboxId, NowUtc: expect.any(String), Frozen: false, IsRealTime: true });
    expect(Date.parse(real.NowUtc) / 1000).toBeGreaterThanOrEqual(before);

    expect(await clock('set', { SandboxId, NowUtc: AT, Frozen: true })).toEqual({ SandboxId, NowUtc: AT, Frozen: true, IsRealTime: false });
    expect(await clock('get', { SandboxId })).toEqual({ SandboxId, NowUtc: AT, Frozen: true, IsRealTime: false });
    expect(await clock('advance', { SandboxId, Seconds: 90 })).toEqual({ SandboxId, NowUtc: utc(AT_S + 90), Frozen: true, IsRealTime: false });

    const running = await clock('set', { SandboxId, NowUtc: AT });
    expect(running).toMatchObject({ SandboxId, Frozen: false, IsRealTime: false });
    const runningAt = Date.parse((await clock('advance', { SandboxId, Seconds: 3600 })).NowUtc) / 1000;
    expect(runningAt).toBeGreaterThanOrEqual(AT_S + 3600);
    expect(runningAt).toBeLessThan(AT_S + 3600 + 120);

    const resumed = await clock('resume', { SandboxId });
    expect(resumed).toMatchObject({ SandboxId, Frozen: false, IsRealTime: true });
    expect(Math.abs(Date.parse(resumed.NowUtc) / 1000 - Date.now() / 1000)).toBeLessThan(120);
  });

  it('stamp the Connector API\'s threads and messages, and the filters find them at the sandbox\'s time', async () => {
    const sandbox = await addSandbox();
    const other = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    const thread = await addThread(server, as(sandbox));
    expect(thread).toMatchObject({ CreatedUtc: AT, UpdatedUtc: AT });
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 60 });
    const message = await addMessage(server, as(sandbox), thread.Id);
    expect(message.CreatedUtc).toBe(utc(AT_S + 60));

    const updated = await threads(server, as(sandbox), { MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
    expect(updated.MessageThreads[0]).toMatchObject({ CreatedUtc: AT, UpdatedUtc: utc(AT_S + 60) });
    const around = { StartUtc: utc(AT_S - 1), EndUtc: utc(AT_S + 61) };
    expect((await threads(server, as(sandbox), { UpdatedUtc: around, Limitation: { Count: 10 } })).MessageThreads.map((t: any) => t.Id)).toEqual([thread.Id]);
    const found = await postJson(server.url, `${CONNECTOR}/messages/getAll`, { ...as(sandbox), MessageThreadIds: [thread.Id], CreatedUtc: around, Limitation: { Count: 10 } });
    expect(found.body.Messages.map((m: any) => m.Id)).toEqual([message.Id]);

    // Another sandbox, and the operator's own tenants, stay on real time.
    const elsewhere = await addThread(server, as(other));
    expect(Math.abs(Date.parse(elsewhere.CreatedUtc) - Date.now())).toBeLessThan(120_000);
  });

  it('stamp the hotel\'s side: sandboxMessages/add, sandboxThreads/resolve and reopen', async () => {
    const sandbox = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    const thread = await addThread(server, as(sandbox));
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 10 });
    const reply = (await ok(admin('sandboxMessages/add', { MessageThreadId: thread.Id, Text: 'On it' }))).Message;
    expect(reply.CreatedUtc).toBe(utc(AT_S + 10));
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 10 });
    expect((await ok(admin('sandboxThreads/resolve', { MessageThreadId: thread.Id }))).MessageThread).toMatchObject({ IsResolved: true, UpdatedUtc: utc(AT_S + 20) });
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 10 });
    expect((await ok(admin('sandboxThreads/reopen', { MessageThreadId: thread.Id }))).MessageThread).toMatchObject({ IsResolved: false, UpdatedUtc: utc(AT_S + 30) });
  });

  it('stamp the enterprise API: sessions\' ExpiresUtc, staff replies, resolve, assign', async () => {
    const sandbox = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    const thread = await addThread(server, as(sandbox));
    const session = await signIn(server, sandbox.Staff[0]);
    expect(session.ExpiresUtc).toBe(utc(AT_S + 12 * 60 * 60));
    const bearer = { authorization: `Bearer ${session.SessionToken}` };

    await clock('advance', { SandboxId: sandbox.Id, Seconds: 5 });
    const reply = await postJson(server.url, `${ENTERPRISE}/messages/add`, { MessageThreadId: thread.Id, Text: 'Welcome' }, bearer);
    expect(reply.status, reply.text).toBe(200);
    expect(JSON.stringify(reply.body)).toContain(`"${utc(AT_S + 5)}"`);

    await clock('advance', { SandboxId: sandbox.Id, Seconds: 5 });
    const resolved = await postJson(server.url, `${ENTERPRISE}/messageThreads/resolve`, { MessageThreadId: thread.Id }, bearer);
    expect(resolved.status, resolved.text).toBe(200);
    const [seen] = (await threads(server, as(sandbox), { MessageThreadIds: [thread.Id], Limitation: { Count: 1 } })).MessageThreads;
    expect(seen).toMatchObject({ IsResolved: true, UpdatedUtc: utc(AT_S + 10) });

    // The session expires on the sandbox's clock, not on real time.
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 12 * 60 * 60 });
    const expired = await postJson(server.url, `${ENTERPRISE}/messages/add`, { MessageThreadId: thread.Id, Text: 'Too late' }, bearer);
    expect(expired.status, expired.text).toBe(401);
  });

  it('keep paging order when set back before the sandbox\'s newest data', async () => {
    const sandbox = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    const older = await addThread(server, as(sandbox));
    // Set back: the clock reads the newest data's second instead, and runs on from there.
    expect(await clock('set', { SandboxId: sandbox.Id, NowUtc: '2020-01-01T00:00:00Z', Frozen: true })).toMatchObject({ NowUtc: AT, Frozen: true });
    const newer = await addThread(server, as(sandbox));
    expect(newer.CreatedUtc).toBe(AT);
    await clock('resume', { SandboxId: sandbox.Id });
    expect((await clock('get', { SandboxId: sandbox.Id })).NowUtc >= AT).toBe(true);
    const newest = await addThread(server, as(sandbox));
    expect(Date.parse(newest.CreatedUtc)).toBeGreaterThanOrEqual(AT_S * 1000);

    const interval = { CreatedUtc: { StartUtc: utc(AT_S - 1), EndUtc: utc(AT_S + 3600) } };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await threads(server, as(sandbox), { ...interval, Limitation: { Count: 1, Cursor: cursor } });
      seen.push(...page.MessageThreads.map((t: any) => t.Id));
      cursor = page.MessageThreads.length < 1 ? null : page.Cursor;
    } while (cursor !== null);
    expect(seen).toEqual([newest.Id, newer.Id, older.Id]);
  });

  it('make auto-replies due on the sandbox\'s time', async () => {
    const sandbox = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    // Ten minutes of real time would outlast the test: the reply comes because the clock is advanced.
    await ok(admin('autoReplies/add', { SandboxId: sandbox.Id, Text: 'Thanks!', DelayMs: 600_000 }));
    const thread = await addThread(server, as(sandbox));
    await addMessage(server, as(sandbox), thread.Id);
    await clock('advance', { SandboxId: sandbox.Id, Seconds: 600 });
    const messages = await eventually(
      () => messagesOf(server, as(sandbox), thread.Id),
      (found) => found.some((m) => m.Sender.Discriminator === 'Enterprise'),
    );
    expect(messages[0]).toMatchObject({ Text: 'Thanks!', CreatedUtc: utc(AT_S + 600) });
  });

  it('go back to real time on sandboxes/reset', async () => {
    const sandbox = await addSandbox();
    await clock('set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true });
    await addThread(server, as(sandbox));
    await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expect(await clock('get', { SandboxId: sandbox.Id })).toMatchObject({ Frozen: false, IsRealTime: true });
    // Its data is gone, so nothing holds the clock ahead of real time.
    expect(Math.abs(Date.parse((await addThread(server, as(sandbox))).CreatedUtc) - Date.now())).toBeLessThan(120_000);
  });

  it('refuse bad input with 400 Invalid <Parameter>', async () => {
    const { Id: SandboxId } = await addSandbox();
    for (const NowUtc of ['2030-05-06T07:08:09.5Z', '2030-05-06T07:08:09+01:00', '2030-02-30T00:00:00Z', 'tomorrow', '']) {
      expectError(await admin('clock/set', { SandboxId, NowUtc }), 400, /^Invalid NowUtc/);
    }
    expectError(await admin('clock/set', { SandboxId, NowUtc: 7 }), 400, /^Invalid NowUtc/);
    expectError(await admin('clock/set', { SandboxId, NowUtc: AT, Frozen: 'yes' }), 400, /^Invalid Frozen/);
    for (const Seconds of [0, -5, 1.5, 400 * 24 * 3600, '60']) {
      expectError(await admin('clock/advance', { SandboxId, Seconds }), 400, /^Invalid Seconds/);
    }
    for (const operation of ['get', 'resume']) {
      expectError(await admin(`clock/${operation}`, { SandboxId: UNKNOWN_ID }), 400, /^Invalid SandboxId/);
      expectError(await admin(`clock/${operation}`, {}), 400, /^Invalid SandboxId/);
    }
    expectError(await admin('clock/set', { SandboxId: UNKNOWN_ID, NowUtc: AT }), 400, /^Invalid SandboxId/);
    expectError(await admin('clock/advance', { SandboxId: UNKNOWN_ID, Seconds: 5 }), 400, /^Invalid SandboxId/);
    expect(await clock('get', { SandboxId })).toMatchObject({ IsRealTime: true });
    await clock('set', { SandboxId, NowUtc: '9999-12-31T23:59:00Z', Frozen: true });
    expectError(await admin('clock/advance', { SandboxId, Seconds: 60 }), 400, 'Invalid Seconds: the clock would pass 9999-12-31T23:59:59Z.');
    expect(await clock('advance', { SandboxId, Seconds: 59 })).toMatchObject({ NowUtc: '9999-12-31T23:59:59Z' });
  });
});

describe('sandbox clocks in production mode', () => {
  it('do not exist', async () => {
    const ADMIN_TOKEN = 'production-admin-token-0123456789';
    const server = await startTestServer({ MODE: 'production', ADMIN_TOKEN });
    try {
      for (const operation of ['get', 'set', 'advance', 'resume']) {
        expectError(await adminClient(server, ADMIN_TOKEN)(`clock/${operation}`, {}), 404, /.+/);
      }
    } finally {
      await server.close();
    }
  });
});

describe('sandbox clocks across server processes', () => {
  it('are seen by the next request in another process', async () => {
    const database = await createTestDatabase();
    const first = await spawnServer(database.env);
    const second = await spawnServer(database.env);
    try {
      const admin = adminClient(first);
      const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1 }))).Sandbox;
      // The second process has read (and cached) the grant on real time before the clock is set.
      expect(Math.abs(Date.parse((await addThread(second, as(sandbox))).CreatedUtc) - Date.now())).toBeLessThan(120_000);
      for (let i = 0; i < 3; i++) {
        const at = AT_S + i * 1000;
        await ok(admin('clock/set', { SandboxId: sandbox.Id, NowUtc: utc(at), Frozen: true }));
        expect((await addThread(second, as(sandbox))).CreatedUtc).toBe(utc(at));
        expect((await ok(adminClient(second)('clock/get', { SandboxId: sandbox.Id }))).Clock.NowUtc).toBe(utc(at));
      }
    } finally {
      await first.dispose();
      await second.dispose();
      await database.drop();
    }
  }, 60_000);

  it('are seen by every worker of WORKERS=2', async () => {
    const server = await spawnServer({ WORKERS: '2' });
    try {
      const admin = adminClient(server);
      const sandbox = (await ok(admin('sandboxes/add', { EnterpriseCount: 1 }))).Sandbox;
      for (let i = 0; i < 4; i++) await addThread(server, as(sandbox));
      await ok(admin('clock/set', { SandboxId: sandbox.Id, NowUtc: AT, Frozen: true }));
      // Several requests, whichever worker each reaches.
      for (let i = 0; i < 6; i++) expect((await addThread(server, as(sandbox))).CreatedUtc).toBe(AT);
    } finally {
      await server.dispose();
    }
  }, 60_000);
});

for (const backend of BACKENDS) describe(`a sandbox's activity feed on its clock (${backend})`, () => {
  it('is kept while recent on the sandbox\'s clock, and pruned by it', async () => {
    const opened = await openTestStore(backend);
    try {
      const { store } = opened;
      const { sandbox, enterprises, application } = await addSandboxIn(store, { enterpriseCount: 1 });
      const enterpriseId = enterprises[0]!.enterprise.id;
      await setClock(store, { sandboxId: sandbox.id, nowUtc: '2020-01-01T00:00:00Z', frozen: true });
      const scope = { accessTokenId: 'token', applicationId: application.id, enterpriseIds: [enterpriseId], sandbox: await store.findSandboxOfEnterprise(enterpriseId) };
      await addMessageThread(store, scope, { originalSender: 'Guest', subject: 'Old times' });
      const day = 24 * 60 * 60;
      // Years before real time, yet just now on the sandbox's clock.
      await store.pruneActivity(Math.floor(Date.now() / 1000) - day);
      expect(await store.readActivity(0, [], 10)).toHaveLength(1);
      await advanceClock(store, { sandboxId: sandbox.id, seconds: 2 * day });
      await store.pruneActivity(Math.floor(Date.now() / 1000) - day);
      expect(await store.readActivity(0, [], 10)).toHaveLength(0);
    } finally {
      await opened.close();
    }
  });
});
