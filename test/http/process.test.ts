import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATIONS, SANDBOX_PORTFOLIO_ACCESS_TOKEN } from '../../src/store/sandbox-seed.ts';
import { demo, enterpriseA } from '../helpers/sandbox.ts';
import { eventually } from '../helpers/eventually.ts';
import { postJson } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ADD = '/api/connector/v1/messageThreads/add';

// Each test starts a Node process, which takes seconds on a loaded machine.
describe('the server as a process', { timeout: 90_000 }, () => {
  let server: SpawnedServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('never writes a token to its logs, even at debug level', async () => {
    server = await spawnServer({ LOG_LEVEL: 'debug', MODE: 'development' });
    const thread = { OriginalSender: 'Guest', Subject: 'Hello' };
    expect((await postJson(server.url, ADD, { ...demo.a, ...thread })).status).toBe(200);
    expect((await postJson(server.url, ADD, { ...demo.portfolio, ...thread, EnterpriseId: enterpriseA })).status).toBe(200);
    expect((await postJson(server.url, ADD, { ...demo.a, ClientToken: demo.otherApplication.ClientToken, ...thread })).status).toBe(401);
    expect((await postJson(server.url, ADD, { ...demo.a, Subject: 42 })).status).toBe(400);
    expect((await postJson(server.url, ADD, `${JSON.stringify({ ...demo.b, ...thread }).slice(0, -1)},}`)).status).toBe(400);
    expect((await postJson(server.url, '/api/connector/v1/unknown', { ...demo.a })).status).toBe(404);
    expect((await postJson(server.url, ADD, { ...demo.a, ...thread }, { 'content-type': 'text/plain' })).status).toBe(415);
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const output = server.output();
    // The logs did see these requests: the check below is not vacuous.
    expect(output).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    expect(output).toContain('"url":"/api/connector/v1/messageThreads/add"');
    expect(output).toContain('"statusCode":401');
    const secrets = [...SANDBOX_APPLICATIONS.flatMap((a) => [a.clientToken, ...a.accessTokens]), SANDBOX_PORTFOLIO_ACCESS_TOKEN.value];
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      // Nor a recognisable piece of one (as in a JSON parser's excerpt of the body).
      expect(output).not.toContain(secret.slice(0, 16));
    }
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    // At debug level the server logs each request as it arrives, which tells when this one is in flight.
    server = await spawnServer({ LOG_LEVEL: 'debug' });
    const body = JSON.stringify({ ...demo.a, OriginalSender: 'Guest', Subject: 'In flight' });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    const half = Math.floor(body.length / 2);
    socket.write(`POST ${ADD} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
    // The request is in flight once the server has logged it.
    await eventually(() => server!.output().includes('incoming request'));
    server.process.kill('SIGTERM');
    await eventually(() => server!.output().includes('closing'));
    socket.write(body.slice(half));
    await eventually(() => received.includes('\r\n\r\n{'));
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    // The keep-alive connection ends with this response, rather than holding the close until it times out.
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toContain('"Subject":"In flight"');
    expect(await server.exited).toBe(0);
    await closed;
  });

  it('exits 0 on SIGTERM when idle, and no longer accepts connections', async () => {
    server = await spawnServer();
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await expect(postJson(server.url, ADD, { ...demo.a, OriginalSender: 'G', Subject: 'S' })).rejects.toThrow();
  });
});
