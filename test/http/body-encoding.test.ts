import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type JsonResponse, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const LIMIT = 4096;
const validBody = { ...demo.a, OriginalSender: 'Guest', Subject: 'Compressed' };

function expectError(response: JsonResponse, status: number, message: RegExp) {
  expect(response.status, response.text).toBe(status);
  expect(Object.keys(response.body).sort()).toEqual(['Details', 'Message', 'RequestId']);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  expect(response.body.Message).toMatch(message);
}

/** POSTs raw bytes with the given headers. */
async function postBytes(server: TestServer, body: Buffer, headers: Record<string, string>): Promise<JsonResponse> {
  const response = await fetch(new URL(ADD, server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

describe('Content-Encoding of request bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: String(LIMIT) });
  });
  afterAll(() => server.close());

  const plain = Buffer.from(JSON.stringify(validBody));

  it.each([
    ['gzip', gzipSync(plain)],
    ['x-gzip', gzipSync(plain)],
    ['deflate', deflateSync(plain)],
    ['br', brotliCompressSync(plain)],
    ['identity', plain],
    ['GZIP', gzipSync(plain)],
  ])('decompresses %s before parsing', async (coding, bytes) => {
    const response = await postBytes(server, bytes, { 'content-encoding': coding });
    expect(response.status, response.text).toBe(200);
    expect(response.body.MessageThreads[0].Subject).toBe('Compressed');
  });

  it.each(['compress', 'zstd', 'gzip, br', 'bogus'])('answers %s with 415 and the error body', async (coding) => {
    expectError(await postBytes(server, gzipSync(plain), { 'content-encoding': coding }), 415, /Content-Encoding/);
  });

  it('answers a body that decompresses beyond BODY_LIMIT_BYTES with 413, however small compressed', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ ...validBody, Subject: 'x'.repeat(2 * 1024 * 1024) })));
    expect(bomb.length).toBeLessThan(LIMIT);
    const response = await postBytes(server, bomb, { 'content-encoding': 'gzip' });
    expectError(response, 413, /too large/);
    expect((await server.post(ADD, validBody)).status).toBe(200);
  });

  it('answers a compressed body over BODY_LIMIT_BYTES with 413', async () => {
    const incompressible = Buffer.from(Array.from({ length: LIMIT * 2 }, (_, i) => (i * 7919) % 251));
    expectError(await postBytes(server, gzipSync(incompressible, { level: 0 }), { 'content-encoding': 'gzip' }), 413, /too large/);
  });

  it('answers data that does not decompress with 400 and the error body', async () => {
    expectError(await postBytes(server, plain, { 'content-encoding': 'gzip' }), 400, /gzip/);
    expectError(await postBytes(server, gzipSync(plain).subarray(0, 20), { 'content-encoding': 'gzip' }), 400, /gzip/);
  });

  it('answers compressed bytes that are not JSON with 400 Invalid JSON', async () => {
    expectError(await postBytes(server, gzipSync('{,}'), { 'content-encoding': 'gzip' }), 400, /^Invalid JSON$/);
  });
});

describe('charset of request bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(['utf-8', 'UTF-8', 'utf8', '"utf-8"'])('accepts charset=%s', async (charset) => {
    const response = await server.post(ADD, validBody, { 'content-type': `application/json; charset=${charset}` });
    expect(response.status, response.text).toBe(200);
  });

  it.each([
    ['utf-16', Buffer.from(`\ufeff${JSON.stringify(validBody)}`, 'utf16le')],
    ['utf-16le', Buffer.from(JSON.stringify(validBody), 'utf16le')],
    ['iso-8859-1', Buffer.from(JSON.stringify({ ...validBody, Subject: 'caf\u00e9' }), 'latin1')],
    ['us-ascii', Buffer.from(JSON.stringify(validBody))],
  ])('answers charset=%s with 415 rather than read its bytes as UTF-8', async (charset, bytes) => {
    expectError(await postBytes(server, bytes, { 'content-type': `application/json; charset=${charset}` }), 415, /UTF-8/);
  });

  it('answers bytes that are not UTF-8 with 400 Invalid JSON rather than replace them', async () => {
    const latin1 = Buffer.from(JSON.stringify({ ...validBody, Subject: 'caf\u00e9' }), 'latin1');
    expectError(await postBytes(server, latin1, {}), 400, /^Invalid JSON$/);
  });

  it('stores UTF-8 text exactly, characters beyond the BMP included', async () => {
    const subject = 'caf\u00e9 \u{1F600} \u4e2d\u6587';
    const response = await server.post(ADD, { ...validBody, Subject: subject });
    expect(response.status).toBe(200);
    expect(response.body.MessageThreads[0].Subject).toBe(subject);
  });
});
