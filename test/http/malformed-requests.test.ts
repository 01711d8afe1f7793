import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractErrorFault, rawExchange, rawRequest, type RawResponse } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const HEALTH = '/health';
const ADD = '/api/connector/v1/messageThreads/add';
const json = { 'Content-Type': 'application/json' };

function expectContractError(response: RawResponse | undefined, status: number): void {
  expect(response, 'an answer').toBeDefined();
  expect(response!.status).toBe(status);
  expect(response!.headers.get('content-type')).toMatch(/^application\/json/);
  expect(contractErrorFault(response!)).toBeUndefined();
  expect(response!.body.Details).toBeNull();
}

describe('requests that Node\'s HTTP parser refuses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each([
    ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a lower-case method', 'post /health HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a lower-case protocol', 'GET /health http/1.1\r\nHost: x\r\n\r\n'],
    ['NUL in a header', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n'],
    ['a non-numeric Content-Length', rawRequest('POST', ADD, { ...json, 'Content-Length': 'abc' }, '{}')],
    ['a negative Content-Length', rawRequest('POST', ADD, { ...json, 'Content-Length': '-1' }, '{}')],
    ['Content-Length and Transfer-Encoding', rawRequest('POST', ADD, { ...json, 'Content-Length': '2', 'Transfer-Encoding': 'chunked' }, '0\r\n\r\n')],
    ['two Content-Lengths', `POST ${ADD} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
    ['two Transfer-Encodings', `POST ${ADD} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['a Transfer-Encoding that does not end in chunked', rawRequest('POST', ADD, { ...json, 'Transfer-Encoding': 'gzip' }, '{}')],
    ['a bad chunk size', rawRequest('POST', ADD, { ...json, 'Transfer-Encoding': 'chunked' }, 'zz\r\n{}\r\n0\r\n\r\n')],
    ['bare LF line endings', 'GET /health HTTP/1.1\nHost: x\n\n'],
    ['a folded header line', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n'],
    ['a space before a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A : a\r\n\r\n'],
    ['garbage', 'hello, is it me you are looking for?\r\n\r\n'],
    ['a TLS client hello', Buffer.from('16030100a5010000a10303', 'hex')],
    ['the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
  ])('answers %s with 400, the error body, a Request-Id and Connection: close', async (_case, bytes) => {
    const exchange = await rawExchange(server.url, [bytes]);
    expectContractError(exchange.responses[0], 400);
    expect(exchange.responses[0]!.headers.get('connection')).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.error).toBeUndefined();
  });

  it('gives each refusal a Request-Id of its own', async () => {
    const exchanges = await Promise.all([1, 2, 3].map(() => rawExchange(server.url, ['FOO / HTTP/1.1\r\n\r\n'])));
    const ids = exchanges.map((e) => e.responses[0]!.headers.get('request-id'));
    expect(new Set(ids).size).toBe(3);
  });

  it('answers the request before a malformed one on the same connection first', async () => {
    const exchange = await rawExchange(server.url, [rawRequest('GET', HEALTH) + 'FOO / HTTP/1.1\r\n\r\n']);
    expect(exchange.responses.map((r) => r.status)).toEqual([200, 400]);
    expectContractError(exchange.responses[1], 400);
  });
});

describe('a header section over 16 KiB', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each([
    ['a 17,000-character address', rawRequest('GET', `/${'a'.repeat(17_000)}`)],
    ['1,500 headers', rawRequest('GET', HEALTH, Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`X-Header-${i}`, 'value'])))],
  ])('answers %s with 431, the error body and Connection: close, and closes without a reset', async (_case, bytes) => {
    const exchange = await rawExchange(server.url, [bytes]);
    expectContractError(exchange.responses[0], 431);
    expect(exchange.responses[0]!.headers.get('connection')).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.error).toBeUndefined();
  });

  it('leaves a keep-alive client able to send its next request', async () => {
    const tooLong = await fetch(new URL(`/${'a'.repeat(17_000)}`, server.url));
    expect(tooLong.status).toBe(431);
    const body = (await tooLong.json()) as any;
    expect(body.RequestId).toBe(tooLong.headers.get('request-id'));
    expect((await fetch(new URL(HEALTH, server.url))).status).toBe(200);
  });
});

describe('requests Node would answer without the contract', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers HTTP/1.1 without Host with 400 and the error body', async () => {
    const exchange = await rawExchange(server.url, [`GET ${HEALTH} HTTP/1.1\r\n\r\n`], { expect: 1 });
    expectContractError(exchange.responses[0], 400);
    expect(exchange.responses[0]!.body.Message).toMatch(/Host/);
  });

  it('still answers HTTP/1.0 without Host', async () => {
    const exchange = await rawExchange(server.url, [`GET ${HEALTH} HTTP/1.0\r\n\r\n`]);
    expect(exchange.responses[0]?.status).toBe(200);
  });

  it('answers an Expect other than 100-continue with 417 and the error body, and never acts on the request', async () => {
    const before = await server.database.selectFrom('message_threads').select('id').execute();
    const body = JSON.stringify({ Subject: 'expected' });
    const exchange = await rawExchange(server.url, [
      rawRequest('POST', ADD, { ...json, Expect: 'bogus', 'Content-Length': String(body.length) }, body),
    ]);
    expectContractError(exchange.responses[0], 417);
    expect(exchange.responses[0]!.headers.get('connection')).toBe('close');
    expect(await server.database.selectFrom('message_threads').select('id').execute()).toEqual(before);
  });

  it('answers CONNECT with 404 and the error body rather than closing silently', async () => {
    const exchange = await rawExchange(server.url, ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n']);
    expectContractError(exchange.responses[0], 404);
    expect(exchange.closedByServer).toBe(true);
  });

  it.each([
    ['a malformed escape', `${ADD}%ZZ`],
    ['a truncated escape', '/api/connector/v1/messages/add%E'],
    ['an escape that is not UTF-8', '/api/connector/v1/messages/%C0add'],
  ])('answers a path with %s with 400 and the error body, on a connection that stays usable', async (_case, path) => {
    const exchange = await rawExchange(server.url, [rawRequest('POST', path, { ...json, 'Content-Length': '2' }, '{}') + rawRequest('GET', HEALTH)], {
      expect: 2,
    });
    expectContractError(exchange.responses[0], 400);
    expect(exchange.responses[1]?.status).toBe(200);
  });
});

describe('headers that arrive slowly', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REQUEST_TIMEOUT_MS: '300' });
  });
  afterAll(() => server.close());

  it('are answered 408 with the error body while they still arrive', async () => {
    // Headers that never end, a byte at a time: only a limit on the headers' own time can answer them.
    const head = `${rawRequest('POST', ADD, json).slice(0, -2)}X-Slow: ${'s'.repeat(400)}`;
    const parts = [...head].map((data) => ({ data, pauseMs: 50 }));
    const exchange = await rawExchange(server.url, parts, { timeoutMs: 20_000 });
    expectContractError(exchange.responses[0], 408);
    expect(exchange.responses[0]!.headers.get('connection')).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });
});
