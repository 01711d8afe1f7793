import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../helpers/admin.ts';
import { addThread } from '../../helpers/connector.ts';
import { demo, enterpriseA } from '../../helpers/sandbox.ts';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../../helpers/spawned-server.ts';
import { ENTERPRISE, asStaff, openEventStream, signIn, type SignedIn } from './staff-client.ts';

const PASSWORD = 'a long enough password';

/** A new staff member of `enterpriseId`, signed in through `server`. */
async function newStaff(server: TestServer, enterpriseId: string): Promise<SignedIn & { id: string }> {
  const email = `staff-${randomUUID()}@example.com`;
  const added = await adminClient(server)('staff/add', { EnterpriseId: enterpriseId, Email: email, Password: PASSWORD, Name: 'Temp' });
  expect(added.status).toBe(200);
  return { ...(await signIn(server, email, PASSWORD)), id: added.body.Staff.Id };
}

/** A new enterprise with one staff member, signed in through `server`. */
async function newEnterprise(server: TestServer): Promise<{ id: string; staff: SignedIn }> {
  const added = await adminClient(server)('enterprises/add', { Name: `Hotel ${randomUUID()}` });
  expect(added.status).toBe(200);
  return { id: added.body.Enterprise.Id, staff: await newStaff(server, added.body.Enterprise.Id) };
}

const streamOf = (server: { url: string }, session: SignedIn) => openEventStream(server.url, { authorization: `Bearer ${session.token}` });

async function expectStreamRefused(server: { url: string }, session: SignedIn): Promise<void> {
  const response = await fetch(`${server.url}${ENTERPRISE}/events`, { headers: { authorization: `Bearer ${session.token}` } });
  expect(response.status).toBe(401);
  await response.body?.cancel();
}

describe('enterprise API: the live events stream ends with its session, in the process that ended it', () => {
  // The hub's next poll, which would end the streams too, does not come within any test: only the signal of the change
  // itself can end them in time.
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ACTIVITY_POLL_INTERVAL_MS: '600000' });
  });
  afterAll(() => server?.close());

  it('ends on sign-out every stream of that session, by bearer token and by cookie, and then refuses it', async () => {
    const session = await signIn(server);
    const [byBearer, byCookie] = [await streamOf(server, session), await openEventStream(server.url, { cookie: session.cookie })];
    expect((await asStaff(server, session, 'sessions/remove', {})).status).toBe(200);
    expect(await byBearer.untilEnd()).toEqual([]);
    expect(await byCookie.untilEnd()).toEqual([]);
    await expectStreamRefused(server, session);
  });

  it('ends when the staff member is removed through the admin API', async () => {
    const staff = await newStaff(server, enterpriseA);
    const stream = await streamOf(server, staff);
    expect((await adminClient(server)('staff/remove', { StaffId: staff.id })).status).toBe(200);
    expect(await stream.untilEnd()).toEqual([]);
    await expectStreamRefused(server, staff);
  });

  it('ends when the enterprise is disabled through the admin API', async () => {
    const enterprise = await newEnterprise(server);
    const stream = await streamOf(server, enterprise.staff);
    expect((await adminClient(server)('enterprises/update', { EnterpriseId: enterprise.id, IsEnabled: false })).status).toBe(200);
    expect(await stream.untilEnd()).toEqual([]);
    await expectStreamRefused(server, enterprise.staff);
  });
});

describe('enterprise API: after its session ended, a stream gets no more activity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('delivers a thread added after a sign-out to the other sessions only', async () => {
    const [leaving, staying] = [await signIn(server), await signIn(server)];
    const [ended, witness] = [await streamOf(server, leaving), await streamOf(server, staying)];
    try {
      await asStaff(server, leaving, 'sessions/remove', {});
      const thread = await addThread(server, demo.a, { Subject: 'after the sign-out' });
      expect((await witness.next()).data).toMatchObject({ Discriminator: 'MessageThreadAdded', MessageThreadId: thread.Id });
      expect(await ended.untilEnd()).toEqual([]);
    } finally {
      witness.close();
    }
  });
});

describe('enterprise API: a session ended through another server process ends its streams there', () => {
  let database: TestDatabase;
  let streams: SpawnedServer;
  let changes: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    changes = await startTestServer(database.env);
    streams = await spawnServer(database.env);
  });
  afterAll(async () => {
    // Killed rather than stopped: the streams' clients leave behind unused connections, which a graceful stop waits for.
    await streams?.dispose();
    await changes?.close();
    await database?.drop();
  });

  it('ends a stream whose session signed out through the other process, before any later activity', async () => {
    const [leaving, staying] = [await signIn(changes), await signIn(changes)];
    const [ended, witness] = [await streamOf(streams, leaving), await streamOf(streams, staying)];
    try {
      expect((await asStaff(changes, leaving, 'sessions/remove', {})).status).toBe(200);
      const thread = await addThread(changes, demo.a, { Subject: 'after the sign-out elsewhere' });
      expect((await witness.next()).data).toMatchObject({ MessageThreadId: thread.Id });
      expect(await ended.untilEnd()).toEqual([]);
      await expectStreamRefused(streams, leaving);
    } finally {
      witness.close();
    }
  });

  it('ends the streams of a staff member removed through the other process, before any later activity', async () => {
    const [removed, staying] = [await newStaff(changes, enterpriseA), await signIn(changes)];
    const [ended, witness] = [await streamOf(streams, removed), await streamOf(streams, staying)];
    try {
      expect((await adminClient(changes)('staff/remove', { StaffId: removed.id })).status).toBe(200);
      const thread = await addThread(changes, demo.a, { Subject: 'after the removal elsewhere' });
      expect((await witness.next()).data).toMatchObject({ MessageThreadId: thread.Id });
      expect(await ended.untilEnd()).toEqual([]);
    } finally {
      witness.close();
    }
  });

  it('ends the streams of an enterprise disabled through the other process', async () => {
    const enterprise = await newEnterprise(changes);
    const stream = await streamOf(streams, enterprise.staff);
    expect((await adminClient(changes)('enterprises/update', { EnterpriseId: enterprise.id, IsEnabled: false })).status).toBe(200);
    expect(await stream.untilEnd()).toEqual([]);
    await expectStreamRefused(streams, enterprise.staff);
  });
});
