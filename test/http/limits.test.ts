import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../helpers/raw-http.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const validBody = { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' };

describe('body size', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: '400' });
  });
  afterAll(() => server.close());

  it('answers a body within the limit', async () => {
    expect(JSON.stringify(validBody).length).toBeLessThan(400);
    expect((await server.post(ADD, validBody)).status).toBe(200);
  });

  it('answers 413 with the error body to a larger body', async () => {
    const response = await server.post(ADD, { ...validBody, Subject: 'x'.repeat(400) });
    expect(response.status).toBe(413);
    expect(response.body.RequestId).toBe(response.headers.get('request-id'));
    expect(response.body.Details).toBeNull();
    expect(response.body.Message).toMatch(/too large/);
  });

  it('answers 413 to a larger body sent in chunks without a length', async () => {
    const { hostname, port } = new URL(server.url);
    const response = await new Promise<{ status: number; requestId: string | undefined; body: any }>((resolve, reject) => {
      const req = request({ hostname, port, path: ADD, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, requestId: res.headers['request-id'] as string, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.write(JSON.stringify({ ...validBody, Subject: 'x'.repeat(300) }).slice(0, -1));
      req.end(`,"More":"${'y'.repeat(300)}"}`);
    });
    expect(response.status).toBe(413);
    expect(response.body.RequestId).toBe(response.requestId);
  });
});

describe('request timeout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REQUEST_TIMEOUT_MS: '300' });
  });
  afterAll(() => server.close());

  it('answers 408 with the error body to a body that arrives too slowly, and never acts on it', async () => {
    const body = JSON.stringify({ ...validBody, Subject: 'Arrived too late' });
    const head = `POST ${ADD} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const half = Math.floor(body.length / 2);
    const { responses } = await rawExchange(server.url, [head + body.slice(0, half), { data: body.slice(half), pauseMs: 1000 }]);
    const [response] = responses;
    if (!response) throw new Error('no response');
    expect(response.status).toBe(408);
    expect(response.body.RequestId).toBe(response.headers.get('request-id'));
    expect(response.body.Details).toBeNull();
    expect(response.body.Message).toEqual(expect.any(String));

    await new Promise((r) => setTimeout(r, 300));
    const late = await server.database.selectFrom('message_threads').select('id').where('subject', '=', 'Arrived too late').execute();
    expect(late).toEqual([]);
  });

  it('still answers requests that arrive in time', async () => {
    expect((await server.post(ADD, validBody)).status).toBe(200);
  });
});
