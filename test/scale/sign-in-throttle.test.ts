import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_ATTEMPTS } from '../../src/http/enterprise/sign-in-throttle.ts';
import { createTestDatabase, startTestServer, testBackend, type TestDatabase, type TestServer } from '../helpers/server.ts';

const SIGN_IN = '/api/enterprise/v1/sessions/add';

// Two servers over one database and one Redis stand for two processes.
describe.runIf(testBackend === 'postgres')('the staff sign-in throttle with Redis', () => {
  let database: TestDatabase;
  let servers: TestServer[];
  beforeAll(async () => {
    database = await createTestDatabase();
    servers = [await startTestServer(database.env), await startTestServer(database.env)];
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await database.drop();
  });

  it('counts the attempts for one email across processes', async () => {
    const email = 'reception@enterprise-a.sandbox';
    const attempts = Array.from({ length: SIGN_IN_ATTEMPTS + 1 }, (_, i) => servers[i % 2]!.post(SIGN_IN, { Email: email, Password: 'guess' }));
    const statuses = (await Promise.all(attempts)).map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(SIGN_IN_ATTEMPTS).fill(401), 429]);
  });
});
