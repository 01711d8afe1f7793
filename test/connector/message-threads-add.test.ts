import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addThread, CONNECTOR_PATHS, expectInvalid, getPage } from '../helpers/connector.ts';
import { assertMatchesContract } from '../helpers/contract.ts';
import { demo, enterpriseA } from '../helpers/sandbox.ts';
import { createTestDatabase, startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = CONNECTOR_PATHS.addThread;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('messageThreads/add', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('creates a thread from the reference example, verbatim', async () => {
    const response = await server.post(ADD, { ...demo.a, OriginalSender: 'Sample Customer', Subject: 'Sample Subject' });
    expect(response.status).toBe(200);
    assertMatchesContract('MessageThreadResult', response.body);
    const thread = response.body.MessageThreads[0]!;
    expect(thread).toMatchObject({ OriginalSender: 'Sample Customer', Subject: 'Sample Subject', IsResolved: false });
    expect(thread.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(thread.CreatedUtc).toMatch(WHOLE_SECOND_UTC);
    expect(thread.UpdatedUtc).toBe(thread.CreatedUtc);
    expect(response.body.Cursor).toBe(thread.Id);
    expect(response.headers.get('request-id')).toBeTruthy();
  });

  it('gives every thread a fresh id', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, async () => (await addThread(server, demo.a)).Id));
    expect(new Set(ids).size).toBe(20);
  });

  it('requires EnterpriseId with a portfolio token, and only one of its enterprises', async () => {
    await expectInvalid(server, ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S' }, 'Invalid EnterpriseId');
    await expectInvalid(server, ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S', EnterpriseId: crypto.randomUUID() }, /^Invalid EnterpriseId$/);
    const inside = await server.post(ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA });
    expect(inside.status).toBe(200);
  });

  it('accepts a single-enterprise token\'s own EnterpriseId and rejects another', async () => {
    expect((await server.post(ADD, { ...demo.a, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA })).status).toBe(200);
    await expectInvalid(server, ADD, { ...demo.b, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA }, /^Invalid EnterpriseId$/);
  });
});

describe('storage', () => {
  it('keeps a thread across a restart', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startTestServer(database.env);
      const created = await addThread(first, demo.a, { OriginalSender: 'Persistent', Subject: 'Still here' });
      await first.close();
      const second = await startTestServer(database.env);
      try {
        const page = await getPage(second, 'threads', { ...demo.a, MessageThreadIds: [created.Id], Limitation: { Count: 1 } });
        expect(page.items).toEqual([created]);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
