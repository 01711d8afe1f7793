import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { hashAccessToken } from '../../src/domain/access-token-hash.ts';
import type { AccessScope } from '../../src/domain/model.ts';
import { addMessages } from '../../src/domain/messages.ts';
import { addMessageThread } from '../../src/domain/message-threads.ts';
import { addSandbox, removeSandbox, resetSandbox } from '../../src/domain/sandboxes.ts';
import type { MessagingStore } from '../../src/domain/store.ts';
import { authorize } from '../../src/domain/tenancy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { adminClient, ok, type AdminCall } from '../helpers/admin.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../helpers/server.ts';

const ADD_THREAD = '/api/connector/v1/messageThreads/add';
const ADD_MESSAGES = '/api/connector/v1/messages/add';
const GET_THREADS = '/api/connector/v1/messageThreads/getAll';
const INVALID_TOKEN = 'Invalid ClientToken or AccessToken.';

// A Connector request reads its token's grant, then writes; its sandbox may be removed (or reset) in between, or while
// the write is in flight. The write is then answered as its token now is (401), or its thread (400), and the removal
// or reset succeeds, deleting what the write wrote: never a 500 from a row that the other deleted or added meanwhile.

for (const backend of BACKENDS) {
  describe(`${backend}: a write whose grant was read before its sandbox was removed`, () => {
    let test: TestStore;
    beforeAll(async () => {
      test = await openTestStore(backend);
    });
    afterAll(() => test?.close());

    /** A new sandbox, and the scope its first integration's token had when the request read its grant. */
    async function sandboxWithScope() {
      const credentials = await addSandbox(test.store, {});
      const token = credentials.enterprises[0]!.integration!.accessToken;
      const grant = await test.store.findAccessTokenGrant(hashAccessToken(token));
      const scope = authorize(grant, { clientToken: credentials.application.clientToken, accessToken: token });
      return { id: credentials.sandbox.id, scope };
    }

    it('adds no thread: the token is refused as it now is', async () => {
      const { id, scope } = await sandboxWithScope();
      await removeSandbox(test.store, id);
      await expect(addMessageThread(test.store, scope, { originalSender: 'Guest', subject: 'Late' })).rejects.toMatchObject({
        status: 401,
        message: INVALID_TOKEN,
      });
    });

    it('adds no message: the token is refused as it now is', async () => {
      const { id, scope } = await sandboxWithScope();
      const thread = await addMessageThread(test.store, scope, { originalSender: 'Guest', subject: 'Early' });
      await removeSandbox(test.store, id);
      await expect(addMessages(test.store, scope, [{ messageThreadId: thread.id, text: 'Late' }])).rejects.toMatchObject({
        status: 401,
        message: INVALID_TOKEN,
      });
    });

    it('adds no message to a thread its sandbox reset deleted: that thread is unknown', async () => {
      const { id, scope } = await sandboxWithScope();
      const thread = await addMessageThread(test.store, scope, { originalSender: 'Guest', subject: 'Early' });
      await resetSandbox(test.store, id);
      await expect(addMessages(test.store, scope, [{ messageThreadId: thread.id, text: 'Late' }])).rejects.toMatchObject({
        status: 400,
        message: 'Invalid MessageThreadId',
      });
    });
  });
}

// On PostgreSQL a removal and a write run at once, each in its own transaction: whichever holds the sandbox first, the
// other waits for its commit. The test holds one transaction open in a store of its own (another process's view)
// until the server's request waits on it.
describe.runIf(BACKENDS.includes('postgres'))('postgres: a removal and a write of its sandbox at once', () => {
  let database: TestDatabase;
  let server: TestServer;
  let other: Store;
  let admin: AdminCall;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    server = await startTestServer(database.env, 'postgres');
    other = openStore({ url: database.env.DATABASE_URL! });
    admin = adminClient(server);
  });
  afterAll(async () => {
    await other?.close();
    await server?.close();
    await database?.drop();
  });

  /** Resolves once a statement of another connection to the database waits for a lock. */
  const someoneWaits = () =>
    eventually(async () => {
      const { rows } = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database);
      return rows[0]!.waiting > 0;
    });

  /**
   * A gate that holds a transaction open: `hold` resolves once `open` is called, `reached` once `hold` was called.
   */
  function gate() {
    let open!: () => void;
    let arrive!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    return {
      open,
      reached,
      hold: () => {
        arrive();
        return opened;
      },
    };
  }

  async function newSandbox() {
    const sandbox = await ok(admin('sandboxes/add', {})).then((body) => body.Sandbox);
    const credentials = { ClientToken: sandbox.ClientToken, AccessToken: sandbox.Enterprises[0].AccessToken, Client: 'Race 1.0' };
    const thread = await server.post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Early' });
    expect(thread.status, thread.text).toBe(200);
    return { id: sandbox.Id as string, credentials, threadId: thread.body.MessageThreads[0].Id as string };
  }

  const writes = {
    'messageThreads/add': (credentials: object) => server.post(ADD_THREAD, { ...credentials, OriginalSender: 'Guest', Subject: 'Late' }),
    'messages/add': (credentials: object, threadId: string) =>
      server.post(ADD_MESSAGES, { ...credentials, Messages: [{ MessageThreadId: threadId, Text: 'Late' }] }),
  };

  for (const [operation, write] of Object.entries(writes)) {
    it(`${operation} that comes while the removal is open answers 401 once it commits`, async () => {
      const { id, credentials, threadId } = await newSandbox();
      const { hold, reached, open } = gate();
      const removal = other.administer(async (writer) => {
        await writer.deleteSandbox(id);
        await hold();
      });
      await reached;
      const answer = write(credentials, threadId);
      await someoneWaits();
      open();
      await removal;
      const response = await answer;
      expect(response.status, response.text).toBe(401);
      expect(response.body.Message).toBe(INVALID_TOKEN);
    });

    /** Starts the domain's own write of `operation`, kept from committing until the gate opens; resolves once it waits there. */
    async function writeHeldOpen(credentials: { ClientToken: string; AccessToken: string }, threadId: string) {
      const grant = await other.findAccessTokenGrant(hashAccessToken(credentials.AccessToken));
      const scope: AccessScope = authorize(grant, { clientToken: credentials.ClientToken, accessToken: credentials.AccessToken });
      const { hold, reached, open } = gate();
      const holding: MessagingStore = {
        ...other,
        write: (work) =>
          other.write(async (writer) => {
            const result = await work(writer);
            await hold();
            return result;
          }),
      };
      const written: Promise<unknown> =
        operation === 'messages/add'
          ? addMessages(holding, scope, [{ messageThreadId: threadId, text: 'In flight' }])
          : addMessageThread(holding, scope, { originalSender: 'Guest', subject: 'In flight' });
      await reached;
      return { open, written };
    }

    it(`sandboxes/remove that comes while ${operation} is open waits for it, then removes what it wrote too`, async () => {
      const { id, credentials, threadId } = await newSandbox();
      const { open, written } = await writeHeldOpen(credentials, threadId);
      const removal = admin('sandboxes/remove', { SandboxId: id });
      await someoneWaits();
      open();
      await written;
      const removed = await removal;
      expect(removed.status, removed.text).toBe(200);
      const sandboxes = await ok(admin('sandboxes/getAll', {}));
      expect(sandboxes.Sandboxes.map((s: { Id: string }) => s.Id)).not.toContain(id);
      const after = await write(credentials, threadId);
      expect(after.status, after.text).toBe(401);
    });

    it(`sandboxes/reset that comes while ${operation} is open waits for it, then deletes what it wrote too`, async () => {
      const { id, credentials, threadId } = await newSandbox();
      const { open, written } = await writeHeldOpen(credentials, threadId);
      const reset = admin('sandboxes/reset', { SandboxId: id });
      await someoneWaits();
      open();
      const wrote = await written;
      const answer = await reset;
      expect(answer.status, answer.text).toBe(200);
      const writtenThreadId = operation === 'messages/add' ? threadId : (wrote as { id: string }).id;
      const threads = await server.post(GET_THREADS, { ...credentials, MessageThreadIds: [writtenThreadId], Limitation: { Count: 10 } });
      expect(threads.status, threads.text).toBe(200);
      expect(threads.body.MessageThreads).toEqual([]);
    });
  }
});
