import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertMatchesContract } from '../helpers/contract.ts';
import { demo, enterpriseA } from '../helpers/sandbox.ts';
import { startTestServer, temporaryFolder, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
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
    const [thread] = response.body.MessageThreads;
    expect(thread).toMatchObject({ OriginalSender: 'Sample Customer', Subject: 'Sample Subject', IsResolved: false });
    expect(thread.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(thread.CreatedUtc).toMatch(WHOLE_SECOND_UTC);
    expect(thread.UpdatedUtc).toBe(thread.CreatedUtc);
    expect(response.body.Cursor).toBe(thread.Id);
    expect(response.headers.get('request-id')).toBeTruthy();
  });

  it('gives every thread a fresh id', async () => {
    const body = { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' };
    const ids = await Promise.all(Array.from({ length: 20 }, () => server.post(ADD, body).then((r) => r.body.MessageThreads[0].Id)));
    expect(new Set(ids).size).toBe(20);
  });

  it('requires EnterpriseId with a portfolio token, and only one of its enterprises', async () => {
    const missing = await server.post(ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S' });
    expect(missing.status).toBe(400);
    expect(missing.body.Message).toMatch(/^Invalid EnterpriseId/);
    const outside = await server.post(ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S', EnterpriseId: crypto.randomUUID() });
    expect(outside.status).toBe(400);
    expect(outside.body.Message).toBe('Invalid EnterpriseId');
    const inside = await server.post(ADD, { ...demo.portfolio, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA });
    expect(inside.status).toBe(200);
  });

  it('accepts a single-enterprise token\'s own EnterpriseId and rejects another', async () => {
    expect((await server.post(ADD, { ...demo.a, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA })).status).toBe(200);
    const other = await server.post(ADD, { ...demo.b, OriginalSender: 'G', Subject: 'S', EnterpriseId: enterpriseA });
    expect(other.status).toBe(400);
    expect(other.body.Message).toBe('Invalid EnterpriseId');
  });
});

describe('storage', () => {
  it('keeps a thread across a restart', async () => {
    const folder = temporaryFolder();
    const env = { DATABASE_URL: `sqlite:${join(folder, 'db.sqlite')}` };
    try {
      const first = await startTestServer(env);
      const created = await first.post(ADD, { ...demo.a, OriginalSender: 'Persistent', Subject: 'Still here' });
      await first.close();
      const second = await startTestServer(env);
      try {
        const row = await second.database
          .selectFrom('message_threads')
          .select(['original_sender', 'subject'])
          .where('id', '=', created.body.MessageThreads[0].Id)
          .executeTakeFirst();
        expect(row).toEqual({ original_sender: 'Persistent', subject: 'Still here' });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
