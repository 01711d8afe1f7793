import { describe, expect, it } from 'vitest';
import { removeExpiredSandboxes } from '../../../src/domain/sandboxes.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../../src/store/sandbox-seed.ts';
import { ADD_THREAD, adminClient, expectError, ok, useAdminServer, type AdminCall } from '../../helpers/admin.ts';
import { demo } from '../../helpers/sandbox.ts';
import { eventually } from '../../helpers/eventually.ts';
import { createTestDatabase, postJson, startTestServer, unusedPort, type TestServer } from '../../helpers/server.ts';

const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';
const GET_THREADS = '/api/connector/v1/messageThreads/getAll';
const ADD_MESSAGES = '/api/connector/v1/messages/add';
const ENTERPRISE = '/api/enterprise/v1';

const { server, admin } = useAdminServer();

function as(sandbox: any, accessToken: string = sandbox.Enterprises[0].AccessToken) {
  return { ClientToken: sandbox.ClientToken, AccessToken: accessToken, Client: 'Sandbox test 1.0' };
}

async function addThread(credentials: object, extra: object = {}) {
  const response = await server().post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Late arrival', ...extra });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads[0];
}

async function threadsSeen(credentials: object, ids: string[]): Promise<string[]> {
  const response = await server().post(GET_THREADS, { ...credentials, MessageThreadIds: ids, Limitation: { Count: 100 } });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads.map((t: any) => t.Id);
}

async function signIn(staff: { Email: string; Password: string }) {
  return server().post(`${ENTERPRISE}/sessions/add`, { Email: staff.Email, Password: staff.Password });
}

async function inboxThreads(sessionToken: string) {
  const response = await server().post(`${ENTERPRISE}/messageThreads/getAll`, { Limitation: { Count: 100 }, IsResolved: null }, {
    authorization: `Bearer ${sessionToken}`,
  });
  return response;
}

const addSandbox = (body: object = {}) => ok(admin('sandboxes/add', body)).then((b) => b.Sandbox);

describe('sandboxes/add', () => {
  it('makes an application, two enterprises with integrations, a portfolio token and staff that all work', async () => {
    const sandbox = await addSandbox({ Name: 'CI job 1', Seed: 'job-1' });
    expect(sandbox).toEqual({
      Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Name: 'CI job 1',
      Seed: 'job-1',
      CreatedUtc: expect.stringMatching(/Z$/),
      ExpiresUtc: null,
      ClientToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      WebhookSecret: expect.stringMatching(/^whsec_/),
      Enterprises: [0, 1].map(() => ({
        Id: expect.any(String),
        Name: expect.any(String),
        IntegrationId: expect.any(String),
        AccessToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      })),
      PortfolioAccessToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/),
      Staff: [0, 1].map((i) => ({ EnterpriseId: sandbox.Enterprises[i].Id, Email: expect.stringMatching(/\.sandbox\.invalid$/), Password: expect.any(String) })),
    });
    expect(new Set(sandbox.Staff.map((s: any) => s.Email)).size).toBe(2);

    const [a, b] = sandbox.Enterprises.map((e: any) => as(sandbox, e.AccessToken));
    const inA = await addThread(a);
    const inB = await addThread(as(sandbox, sandbox.PortfolioAccessToken), { EnterpriseId: sandbox.Enterprises[1].Id });
    expect(await threadsSeen(a, [inA.Id, inB.Id])).toEqual([inA.Id]);
    expect(await threadsSeen(b, [inA.Id, inB.Id])).toEqual([inB.Id]);

    const session = await signIn(sandbox.Staff[1]);
    expect(session.status, session.text).toBe(200);
    expect(session.body.Staff.EnterpriseId).toBe(sandbox.Enterprises[1].Id);
    // The generated password only: not another's, not a near miss.
    expect((await signIn({ ...sandbox.Staff[1], Password: sandbox.Staff[0].Password })).status).toBe(401);
    expect((await signIn({ ...sandbox.Staff[1], Password: `${sandbox.Staff[1].Password}x` })).status).toBe(401);
  });

  it('takes EnterpriseCount, webhook URLs and a time to live', async () => {
    const sandbox = await addSandbox({ EnterpriseCount: 3, TimeToLiveMinutes: 90, WebhookUrl: 'http://127.0.0.1:9/hook' });
    expect(sandbox.Enterprises).toHaveLength(3);
    expect(sandbox.Staff).toHaveLength(3);
    expect(Date.parse(sandbox.ExpiresUtc) - Date.parse(sandbox.CreatedUtc)).toBe(90 * 60 * 1000);
    const { Applications } = await ok(admin('applications/getAll', {}));
    expect(Applications.find((a: any) => a.ClientToken === sandbox.ClientToken).WebhookUrl).toBe('http://127.0.0.1:9/hook');
  });

  it.each([
    [{ EnterpriseCount: 0 }, 'EnterpriseCount'],
    [{ EnterpriseCount: 11 }, 'EnterpriseCount'],
    [{ EnterpriseCount: 1.5 }, 'EnterpriseCount'],
    [{ EnterpriseCount: '2' }, 'EnterpriseCount'],
    [{ TimeToLiveMinutes: 0 }, 'TimeToLiveMinutes'],
    [{ TimeToLiveMinutes: 7 * 24 * 60 + 1 }, 'TimeToLiveMinutes'],
    [{ TimeToLiveMinutes: 'soon' }, 'TimeToLiveMinutes'],
    [{ WebhookUrl: 'ftp://example.com/hook' }, 'WebhookUrl'],
    [{ IntegrationWebhookUrl: 'not a url' }, 'IntegrationWebhookUrl'],
    [{ Name: '   ' }, 'Name'],
    [{ Name: 42 }, 'Name'],
    [{ Seed: '' }, 'Seed'],
    [{ Seed: 'x'.repeat(256) }, 'Seed'],
  ])('refuses %j with 400 Invalid %s and makes nothing', async (body, parameter) => {
    const before = (await ok(admin('sandboxes/getAll', {}))).Sandboxes.length;
    expectError(await admin('sandboxes/add', body), 400, new RegExp(`^Invalid ${parameter}`));
    expect((await ok(admin('sandboxes/getAll', {}))).Sandboxes).toHaveLength(before);
  });
});

describe('sandboxes/getAll', () => {
  it('lists every sandbox with its credentials, the demo one included', async () => {
    const sandbox = await addSandbox({ EnterpriseCount: 1 });
    const { Sandboxes } = await ok(admin('sandboxes/getAll', {}));
    expect(Sandboxes.find((s: any) => s.Id === sandbox.Id)).toEqual(sandbox);
    const demoSandbox = Sandboxes.find((s: any) => s.Id === DEMO_SANDBOX_ID);
    expect(demoSandbox).toMatchObject({
      Name: 'demo',
      ExpiresUtc: null,
      ClientToken: SANDBOX_APPLICATIONS[0].clientToken,
      Enterprises: SANDBOX_APPLICATIONS[0].accessTokens.map((AccessToken) => expect.objectContaining({ AccessToken })),
      PortfolioAccessToken: demo.portfolio.AccessToken,
      Staff: SANDBOX_STAFF.map((s) => ({ EnterpriseId: s.enterpriseId, Email: s.email, Password: SANDBOX_STAFF_PASSWORD })),
    });
  });
});

describe('two sandboxes', () => {
  it('never see each other\'s data', async () => {
    const [one, two] = await Promise.all([addSandbox(), addSandbox()]);
    const thread = await addThread(as(one));
    expect(await threadsSeen(as(one), [thread.Id])).toEqual([thread.Id]);
    expect(await threadsSeen(as(two), [thread.Id])).toEqual([]);
    expect(await threadsSeen(as(two, two.PortfolioAccessToken), [thread.Id])).toEqual([]);
    // Mixing one sandbox's ClientToken with the other's AccessToken grants nothing.
    expect((await server().post(ADD_THREAD, { ...as(two, one.Enterprises[0].AccessToken), OriginalSender: 'G', Subject: 'S' })).status).toBe(401);
    expectError(
      await server().post(ADD_THREAD, { ...as(two, two.PortfolioAccessToken), EnterpriseId: one.Enterprises[0].Id, OriginalSender: 'G', Subject: 'S' }),
      400,
      /^Invalid EnterpriseId/,
    );
    const session = await signIn(two.Staff[0]);
    const inbox = await inboxThreads(session.body.SessionToken);
    expect(inbox.status, inbox.text).toBe(200);
    expect(inbox.body.MessageThreads).toEqual([]);
  });
});

describe('sandboxes/reset', () => {
  it('deletes threads, messages and sessions, keeps the credentials, and leaves other sandboxes alone', async () => {
    const [sandbox, other] = await Promise.all([addSandbox(), addSandbox()]);
    const thread = await addThread(as(sandbox));
    const sent = await server().post(ADD_MESSAGES, { ...as(sandbox), Messages: [{ MessageThreadId: thread.Id, Text: 'Hello' }] });
    expect(sent.status, sent.text).toBe(200);
    const otherThread = await addThread(as(other));
    const session = (await signIn(sandbox.Staff[0])).body.SessionToken;
    expect((await inboxThreads(session)).body.MessageThreads).toHaveLength(1);

    const reset = await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expect(reset.Sandbox).toEqual(sandbox);

    expect(await threadsSeen(as(sandbox), [thread.Id])).toEqual([]);
    const messages = await server().post('/api/connector/v1/messages/getAll', { ...as(sandbox), MessageThreadIds: [thread.Id], Limitation: { Count: 10 } });
    expect(messages.status, messages.text).toBe(200);
    expect(messages.body.Messages).toEqual([]);
    expect((await inboxThreads(session)).status).toBe(401);
    expect(await threadsSeen(as(other), [otherThread.Id])).toEqual([otherThread.Id]);
    // The credentials still work.
    await addThread(as(sandbox));
    expect((await signIn(sandbox.Staff[0])).status).toBe(200);
  });

  it('resets the demo sandbox, keeping the demo credentials', async () => {
    const thread = await addThread(demo.a);
    const { Sandbox } = await ok(admin('sandboxes/reset', { SandboxId: DEMO_SANDBOX_ID }));
    expect(Sandbox.ClientToken).toBe(demo.a.ClientToken);
    expect(await threadsSeen(demo.a, [thread.Id])).toEqual([]);
    await addThread(demo.a);
  });

  it.each([
    [{}, /^Invalid SandboxId/],
    [{ SandboxId: 'demo' }, /^Invalid SandboxId/],
    [{ SandboxId: '6f1c2b7e-9d1a-4c55-8a0e-3b2f1d4c5e6a' }, /^Invalid SandboxId$/],
  ])('refuses %j with 400', async (body, message) => {
    expectError(await admin('sandboxes/reset', body), 400, message);
  });
});

describe('sandboxes/remove', () => {
  it('removes everything: tokens answer 401, staff cannot sign in, it is no longer listed', async () => {
    const [sandbox, other] = await Promise.all([addSandbox(), addSandbox()]);
    const thread = await addThread(as(sandbox));
    await server().post(ADD_MESSAGES, { ...as(sandbox), Messages: [{ MessageThreadId: thread.Id, Text: 'Hello' }] });
    await signIn(sandbox.Staff[0]);

    expect(await ok(admin('sandboxes/remove', { SandboxId: sandbox.Id }))).toEqual({});

    for (const accessToken of [...sandbox.Enterprises.map((e: any) => e.AccessToken), sandbox.PortfolioAccessToken]) {
      const response = await server().post(GET_THREADS, { ...as(sandbox, accessToken), MessageThreadIds: [thread.Id], Limitation: { Count: 1 } });
      expect(response.status, response.text).toBe(401);
    }
    expect((await signIn(sandbox.Staff[0])).status).toBe(401);
    const { Sandboxes } = await ok(admin('sandboxes/getAll', {}));
    expect(Sandboxes.map((s: any) => s.Id)).not.toContain(sandbox.Id);
    expect(Sandboxes.map((s: any) => s.Id)).toContain(other.Id);
    await addThread(as(other));
    expectError(await admin('sandboxes/remove', { SandboxId: sandbox.Id }), 400, 'Invalid SandboxId');
    const { Enterprises } = await ok(admin('enterprises/getAll', {}));
    expect(Enterprises.map((e: any) => e.Id)).not.toContain(sandbox.Enterprises[0].Id);
  });

  it('removes a sandbox whose staff saved quick replies and took threads', async () => {
    const sandbox = await addSandbox();
    const thread = await addThread(as(sandbox));
    const session = await signIn(sandbox.Staff[0]);
    expect(session.status, session.text).toBe(200);
    const asStaff = (operation: string, body: object) =>
      server().post(`${ENTERPRISE}/${operation}`, body, { authorization: `Bearer ${session.body.SessionToken}` });
    expect((await asStaff('quickReplies/add', { Text: 'Welcome!' })).status).toBe(200);
    const assigned = await asStaff('messageThreads/assign', { MessageThreadId: thread.Id, StaffId: session.body.Staff.Id });
    expect(assigned.status, assigned.text).toBe(200);

    expect(await ok(admin('sandboxes/remove', { SandboxId: sandbox.Id }))).toEqual({});
    const { Sandboxes } = await ok(admin('sandboxes/getAll', {}));
    expect(Sandboxes.map((s: any) => s.Id)).not.toContain(sandbox.Id);
  });

  it('refuses to remove the demo sandbox', async () => {
    expectError(
      await admin('sandboxes/remove', { SandboxId: DEMO_SANDBOX_ID }),
      400,
      'Invalid SandboxId: the demo sandbox cannot be removed; reset it instead.',
    );
    await addThread(demo.a);
  });
});

describe('the expiry sweep', () => {
  it('removes expired sandboxes, once, however many sweep at once', async () => {
    const expiring = await addSandbox({ TimeToLiveMinutes: 1 });
    const lasting = await addSandbox({ TimeToLiveMinutes: 60 });
    const later = Date.parse(expiring.ExpiresUtc) / 1000 + 1;
    const removed = await Promise.all([removeExpiredSandboxes(server().store, later), removeExpiredSandboxes(server().store, later)]);
    expect(removed[0] + removed[1]).toBe(1);
    const ids = (await ok(admin('sandboxes/getAll', {}))).Sandboxes.map((s: any) => s.Id);
    expect(ids).not.toContain(expiring.Id);
    expect(ids).toContain(lasting.Id);
    expect((await server().post(ADD_THREAD, { ...as(expiring), OriginalSender: 'G', Subject: 'S' })).status).toBe(401);
  });

  it('runs in the server: an expired sandbox is gone once a server has started', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    let running: TestServer | undefined;
    try {
      running = await startTestServer(database.env);
      const call: AdminCall = adminClient(running);
      const { Sandbox } = await ok(call('sandboxes/add', { TimeToLiveMinutes: 1 }));
      await running.database.updateTable('sandboxes').set({ expires_utc: 1 }).where('id', '=', Sandbox.Id).execute();
      await running.close();
      running = await startTestServer(database.env);
      const ids = (await ok(adminClient(running)('sandboxes/getAll', {}))).Sandboxes.map((s: any) => s.Id);
      expect(ids).not.toContain(Sandbox.Id);
      const response = await postJson(running.url, ADD_THREAD, { ...as(Sandbox), OriginalSender: 'G', Subject: 'S' });
      expect(response.status).toBe(401);
    } finally {
      await running?.close();
      await database.drop();
    }
  });
});

describe('what reset and remove delete', () => {
  async function countRows(applicationId: string, enterpriseIds: string[]) {
    const db = server().database;
    const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
      Number((await query.executeTakeFirstOrThrow()).n);
    const deliveries = db.selectFrom('webhook_deliveries').select('id').where('application_id', '=', applicationId);
    return {
      deliveries: await count(db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('application_id', '=', applicationId)),
      events: await count(db.selectFrom('webhook_events').select((eb) => eb.fn.countAll().as('n')).where('application_id', '=', applicationId)),
      attempts: await count(db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll().as('n')).where('delivery_id', 'in', deliveries)),
      activity: await count(db.selectFrom('activity_feed').select((eb) => eb.fn.countAll().as('n')).where('enterprise_id', 'in', enterpriseIds)),
    };
  }

  it('deletes the webhook outbox, its deliveries and attempts, and the activity feed', { timeout: 60_000 }, async () => {
    const port = await unusedPort();
    const sandbox = await addSandbox({ WebhookUrl: `http://127.0.0.1:${port}/hook` });
    const { Applications } = await ok(admin('applications/getAll', {}));
    const applicationId = Applications.find((a: any) => a.ClientToken === sandbox.ClientToken).Id;
    const enterpriseIds = sandbox.Enterprises.map((e: any) => e.Id);
    const thread = await addThread(as(sandbox));
    await server().post(ADD_MESSAGES, { ...as(sandbox), Messages: [{ MessageThreadId: thread.Id, Text: 'Hello' }] });
    // The receiver refuses connections: the delivery stays, with its failed attempt.
    await eventually(async () => (await countRows(applicationId, enterpriseIds)).attempts, (attempts) => attempts > 0);
    expect(await countRows(applicationId, enterpriseIds)).toMatchObject({ deliveries: 1, events: 1, activity: 2 });

    await ok(admin('sandboxes/reset', { SandboxId: sandbox.Id }));
    expect(await countRows(applicationId, enterpriseIds)).toEqual({ deliveries: 0, events: 0, attempts: 0, activity: 0 });

    const again = await addThread(as(sandbox));
    await server().post(ADD_MESSAGES, { ...as(sandbox), Messages: [{ MessageThreadId: again.Id, Text: 'Hello again' }] });
    await ok(admin('sandboxes/remove', { SandboxId: sandbox.Id }));
    expect(await countRows(applicationId, enterpriseIds)).toEqual({ deliveries: 0, events: 0, attempts: 0, activity: 0 });
    const db = server().database;
    expect(await db.selectFrom('applications').select('id').where('id', '=', applicationId).execute()).toEqual([]);
    expect(await db.selectFrom('sandbox_staff').select('staff_id').where('sandbox_id', '=', sandbox.Id).execute()).toEqual([]);
  });
});
