import { afterEach, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { postJson } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

// Starting a Node process takes seconds on a loaded machine.
describe('the request log', { timeout: 90_000 }, () => {
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('logs each request\'s path without its query string, even at debug level', async () => {
    server = await spawnServer({ LOG_LEVEL: 'debug' });
    const secret = 'query-secret-4f2a9c';
    expect((await postJson(server.url, `${ADD}?token=${secret}`, { ...demo.a, OriginalSender: 'G', Subject: 'S' })).status).toBe(200);
    expect((await postJson(server.url, `/nowhere?key=${secret}`, {})).status).toBe(404);
    expect((await fetch(new URL(`/health?${secret}`, server.url))).status).toBe(200);
    expect(await server.stop()).toBe(0);

    const lines = server.logLines();
    const completed = lines.filter((line) => line.msg === 'request completed');
    // The requests were logged, by path: the check below is not vacuous.
    expect(completed.map((line) => line.url)).toEqual(expect.arrayContaining([ADD, '/nowhere', '/health']));
    expect(lines.some((line) => line.msg === 'incoming request' && line.req?.url === ADD)).toBe(true);
    expect(server.output()).not.toContain(secret);
  });
});
