import { Agent, request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { SANDBOX_ENTERPRISES, SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { adminClient, createTenant, ok } from '../helpers/admin.ts';
import { contractErrorFault, rawExchange, rawRequest, type RawResponse } from '../helpers/raw-http.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, testBackend, type TestServer } from '../helpers/server.ts';

/**
 * Generated requests against a real server: every documented operation of the three APIs (valid, near-valid and
 * hostile bodies, headers, methods and paths) and raw HTTP that no client library would send. Whatever arrives, the
 * answer comes within its time, is never a 5xx, always carries a Request-Id of its own and, for an error, the
 * contract's body; and the server still serves a valid request afterwards.
 */

/** Runs of the property, each a batch of requests sent concurrently: large batches keep the run short. */
const RUNS = 5;
const HTTP_PER_RUN = 2000;
const RAW_PER_RUN = 200;
const HTTP_CONCURRENCY = 24;
/** Raw cases often wait for the server's timeout (a request cut short), so many run at once. */
const RAW_CONCURRENCY = 50;
/** The server's limits, small so that hostile bodies and slow requests reach them quickly. */
const REQUEST_TIMEOUT_MS = 1500;
const BODY_LIMIT_BYTES = 64 * 1024;
/** How long an answer may take: the server's own timeout, its sweep, a failed sign-in's second, and a busy machine. */
const ANSWER_WITHIN_MS = REQUEST_TIMEOUT_MS + 6000;

const ENTERPRISE = '/api/enterprise/v1';
const staffA = SANDBOX_STAFF[0];

interface Operation {
  readonly api: 'connector' | 'admin' | 'enterprise' | 'system';
  readonly method: string;
  readonly path: string;
  readonly schema: any;
}

/** What the requests draw their values from: the sandbox's and a tenant of the fuzz's own. */
interface Pools {
  readonly ids: string[];
  /** Ids of the tenant made for the admin operations, so that they never disable or revoke the sandbox's. */
  readonly adminIds: string[];
  readonly session: { token: string; cookie: string; csrf: string };
}

type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'huge'; size: number }
  | { kind: 'deep'; depth: number }
  | { kind: 'none' };

type Encoding = 'none' | 'gzip' | 'deflate' | 'br' | 'gzip-lie' | 'bomb' | 'unknown';

interface HttpCase {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Body;
  readonly encoding: Encoding;
}

interface Outcome {
  readonly status?: number;
  readonly fault?: string;
  readonly requestId?: string;
}

const figures = {
  requests: 0,
  http: 0,
  raw: 0,
  byClass: {} as Record<string, number>,
  byApi: {} as Record<string, number>,
  unanswered: 0,
  faults: 0,
};
const requestIds = new Set<string>();

// ---- values ----

const texts = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('Guest', 'Hello', '  padded  ', '\ud83d\ude00 emoji', '\u05e9\u05dc\u05d5\u05dd', 'x'.repeat(5000), '\ud800', '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '%s%n', '../../etc/passwd'),
  },
);

const isoDates = fc.oneof(
  fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('0001-01-01T00:00:00Z', '0099-12-31T23:59:59+01:00', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '2026-01-01', 'yesterday', '', '2026-01-01T00:00:00+25:00'),
);

const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, '', ' ', '\ud800', 'a\udc00b', '\u0000', [], {}, [null], 'null'),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

function stringFor(name: string, api: Operation['api'], pools: Pools): fc.Arbitrary<string> {
  const ids = api === 'admin' ? pools.adminIds : pools.ids;
  const byName: Record<string, fc.Arbitrary<string>> = {
    ClientToken: fc.constantFrom(demo.a.ClientToken, demo.otherApplication.ClientToken, 'unknown'),
    AccessToken:
      api === 'admin' ? fc.constantFrom('unknown', 'x') : fc.constantFrom(demo.a.AccessToken, demo.b.AccessToken, demo.portfolio.AccessToken, 'unknown'),
    Email: fc.constantFrom(staffA.email, SANDBOX_STAFF[1].email, 'nobody@hotel.example', 'not an email', staffA.email.toUpperCase()),
    Password: fc.constantFrom(SANDBOX_STAFF_PASSWORD, 'wrong-password', 'short'),
    WebhookUrl: fc.constantFrom('https://hooks.example/in', 'http://127.0.0.1:9/x', 'ftp://x', 'not a url', 'https://[::1]/'),
    LanguageCode: fc.constantFrom('en', 'cs', 'xx', ''),
    CultureCode: fc.constantFrom('en-US', 'cs-CZ', 'xx-XX', ''),
    StartUtc: isoDates,
    EndUtc: isoDates,
    Cursor: fc.oneof(fc.constantFrom(...ids), fc.uuid()),
  };
  return byName[name] ?? texts;
}

/** A value that the JSON schema (as /openapi.json has it) accepts, from the pools where they know better. */
function valueFor(schema: any, name: string, api: Operation['api'], pools: Pools): fc.Arbitrary<unknown> {
  const ids = api === 'admin' ? pools.adminIds : pools.ids;
  const plain = schema.anyOf ? fc.oneof(...schema.anyOf.map((s: any) => valueFor(s, name, api, pools))) : valueOfType(schema, name, api, pools, ids);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: plain }, fc.constant(null)) : plain;
}

function valueOfType(schema: any, name: string, api: Operation['api'], pools: Pools, ids: string[]): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, valueFor(s, key, api, pools)]));
      return fc.record(record, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(valueFor(schema.items ?? {}, name, api, pools), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'string':
      if (schema.enum) return fc.constantFrom(...schema.enum);
      if (schema.format === 'uuid') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, fc.uuid());
      if (schema.format === 'date-time') return isoDates;
      return stringFor(name, api, pools);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return hostileValues;
  }
}

/** One change to a valid body: a property removed, replaced by a hostile value, or one added. */
function mutate(value: unknown, choice: number, kind: 'delete' | 'replace' | 'add', hostile: unknown): unknown {
  const copy = structuredClone(value) as any;
  const holders: any[] = [];
  const walk = (node: any) => {
    if (node !== null && typeof node === 'object') {
      holders.push(node);
      for (const child of Object.values(node)) walk(child);
    }
  };
  walk(copy);
  if (holders.length === 0) return hostile;
  const holder = holders[choice % holders.length];
  const keys = Object.keys(holder);
  const key = keys.length > 0 ? keys[choice % keys.length]! : 'Extra';
  if (kind === 'delete') delete holder[key];
  else if (kind === 'replace') holder[key] = hostile;
  else holder[`Extra${choice}`] = hostile;
  return copy;
}

function bodyFor(operation: Operation, pools: Pools): fc.Arbitrary<Body> {
  const valid = operation.schema ? valueFor(operation.schema, '', operation.api, pools) : fc.constant({});
  const broken = valid.chain((v) => {
    const text = JSON.stringify(v);
    return fc.oneof(
      fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut)),
      fc.constant(`${text.slice(0, -1)},}`),
      fc.constant(text.replace(/"/g, "'")),
    );
  });
  return fc.oneof(
    { weight: 10, arbitrary: valid.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 8,
      arbitrary: fc
        .tuple(valid, fc.nat(), fc.constantFrom('delete' as const, 'replace' as const, 'add' as const), hostileValues)
        .map(([value, choice, kind, hostile]) => ({ kind: 'json' as const, value: mutate(value, choice, kind, hostile) })),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: broken.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    { weight: 1, arbitrary: fc.integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES + 64 }).map((size) => ({ kind: 'huge' as const, size })) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => ({ kind: 'deep' as const, depth })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
}

function authFor(operation: Operation, pools: Pools): fc.Arbitrary<Record<string, string>> {
  const none = fc.constant({});
  const garbage = fc.constantFrom<Record<string, string>>(
    { authorization: 'Bearer wrong-token-0000000000' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${'x'.repeat(2000)}` },
    { cookie: 'inbox_session=wrong' },
    { cookie: 'inbox_session=' },
  );
  if (operation.api === 'admin') {
    return fc.oneof({ weight: 6, arbitrary: fc.constant({ authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` }) }, garbage, none);
  }
  if (operation.api !== 'enterprise' || operation.path.endsWith('/sessions/remove')) return fc.oneof(garbage, none);
  const { token, cookie, csrf } = pools.session;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant({ authorization: `Bearer ${token}` }) },
    { weight: 2, arbitrary: fc.constant({ cookie, 'x-csrf-token': csrf }) },
    fc.constant({ cookie }),
    fc.constant({ cookie, 'x-csrf-token': 'wrong' }),
    garbage,
    none,
  );
}

const headerNames = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/).filter((n) => !/^(content-length|transfer-encoding|host|connection|expect|upgrade|te|trailer|keep-alive|proxy-.*)$/i.test(n));
const headerValues = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((v) => v.trim());

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset="UTF-8"',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/json; charset=iso-8859-1',
      'application/json; charset=bogus',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json-patch+json',
      '*/*',
      '',
      'application/json; boundary=;;;',
    ),
  },
);

function pathFor(operation: Operation): fc.Arbitrary<string> {
  const exact = operation.path;
  return fc.oneof(
    { weight: 20, arbitrary: fc.constant(exact) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        exact.toUpperCase(),
        `${exact}/`,
        exact.replace('/v1/', '/v1//'),
        `${exact}/extra`,
        `${exact}?q=1&x=%ZZ`,
        `${exact}%ZZ`,
        `${exact}%00`,
        exact.replace(/\/([^/]*)$/, '/%2e%2e/$1'),
        exact.replace('/v1/', '/v1/%C0%AE/'),
        `${exact}#fragment`,
        `${exact};jsessionid=1`,
        exact.replace('v1', 'v2'),
      ),
    },
    { weight: 1, arbitrary: fc.webPath({ size: 'small' }).map((p) => (p.startsWith('/') ? p : `/${p}`)) },
  );
}

function httpCaseFor(operation: Operation, pools: Pools): fc.Arbitrary<HttpCase> {
  return fc
    .record({
    operation: fc.constant(`${operation.method.toUpperCase()} ${operation.path}`),
    method: fc.oneof(
      { weight: 20, arbitrary: fc.constant(operation.method.toUpperCase()) },
      fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'SEARCH', 'TRACE', 'PURGE'),
    ),
    path: pathFor(operation),
    headers: fc
      .tuple(
        authFor(operation, pools),
        contentTypes,
        fc.array(fc.tuple(headerNames, headerValues), { maxLength: 3 }),
        fc.constantFrom<Record<string, string>>({}, {}, {}, { prefer: 'return=minimal' }, { 'request-id': 'chosen-by-client' }, { accept: 'text/html' }, { 'accept-encoding': 'gzip, br' }, { connection: 'close' }, { expect: '100-continue' }),
      )
      .map(([auth, contentType, extra, special]): Record<string, string> => ({
        ...Object.fromEntries(extra),
        ...special,
        ...(contentType ? { 'content-type': contentType } : {}),
        ...auth,
      })),
    body: bodyFor(operation, pools),
    encoding: fc.oneof(
      { weight: 20, arbitrary: fc.constant<Encoding>('none') },
      fc.constantFrom<Encoding>('gzip', 'deflate', 'br', 'gzip-lie', 'bomb', 'unknown'),
    ),
  })
    // `Connection: close` goes without a body: Node closes such a connection as soon as it has answered, and a body
    // the route never read (a GET's) makes that close a reset, which can cut the answer short.
    .map((c) => (c.headers.connection === 'close' ? { ...c, body: { kind: 'none' as const } } : c));
}

// ---- raw HTTP ----

const CRLF = fc.oneof({ weight: 8, arbitrary: fc.constant('\r\n') }, fc.constantFrom('\n', '\r', '\r\n '));

/** Requests that no client library sends: each part of the message chosen from what the parser must refuse or bear. */
const rawCases: fc.Arbitrary<{ bytes: string | Buffer; head: boolean }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'HEAD', 'post', 'FOO', 'G ET', 'CONNECT', 'PRI', 'OPTIONS', 'DELETE', ''),
        target: fc.constantFrom('/health', '/api/connector/v1/messageThreads/add', `${ENTERPRISE}/events`, '*', 'http://x/health', 'example.com:443', '/a b', '/%ZZ', `/${'a'.repeat(17_000)}`, '/\u0000', ''),
        version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'http/1.1', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/9.9', ''),
        eol: CRLF,
        headers: fc.array(
          fc.constantFrom(
            'Host: x',
            'Host: x',
            'Content-Type: application/json',
            'Content-Length: 2',
            'Content-Length: abc',
            'Content-Length: -1',
            'Content-Length: 99999999999999999999',
            'Content-Length: 2, 2',
            'Transfer-Encoding: chunked',
            'Transfer-Encoding: gzip',
            'Transfer-Encoding: chunked, identity',
            'X-A: a\u0000b',
            'X-A : spaced',
            ' X-Folded: b',
            'NoColon',
            ': empty name',
            'Expect: bogus',
            'Expect: 100-continue',
            'Connection: Upgrade',
            'Upgrade: websocket',
            'Content-Encoding: gzip',
            `X-Big: ${'b'.repeat(17_000)}`,
            'Authorization: Bearer x',
            'X-Latin: caf\u00e9',
          ),
          { maxLength: 6 },
        ),
        body: fc.constantFrom('', '{}', '0\r\n\r\n', 'zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\n\r\n', '{"a":', 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'),
        // One in ten is cut short, which only the server's timeout answers.
        cut: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, fc.nat()),
      })
      .map(({ method, target, version, eol, headers, body, cut }) => {
        const text = `${method} ${target} ${version}${eol}${headers.join(eol)}${headers.length ? eol : ''}${eol}${body}`;
        return { bytes: cut === null ? text : text.slice(0, cut % (text.length + 1)), head: method === 'HEAD' };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ bytes: Buffer.from(bytes), head: false })),
      fc.constantFrom(
        { bytes: Buffer.from('16030100a5010000a10303', 'hex'), head: false },
        { bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', head: false },
        { bytes: rawRequest('GET', '/health') + 'FOO / HTTP/1.1\r\n\r\n', head: false },
      ),
    ),
  },
);

// ---- sending and judging ----

let bomb: Buffer | undefined;

function materialize(body: Body): Buffer | undefined {
  switch (body.kind) {
    case 'json':
      return Buffer.from(JSON.stringify(body.value) ?? 'null');
    case 'text':
      return Buffer.from(body.text);
    case 'bytes':
      return Buffer.from(body.bytes);
    case 'huge':
      return Buffer.from(JSON.stringify({ Text: 'x'.repeat(body.size) }));
    case 'deep':
      return Buffer.from(body.depth % 2 ? `${'['.repeat(body.depth)}${']'.repeat(body.depth)}` : `${'{"a":'.repeat(body.depth)}1${'}'.repeat(body.depth)}`);
    case 'none':
      return undefined;
  }
}

function encode(bytes: Buffer | undefined, encoding: Encoding): { body: Buffer | undefined; header?: string } {
  if (encoding === 'none' || bytes === undefined) return { body: bytes };
  if (encoding === 'gzip') return { body: gzipSync(bytes), header: 'gzip' };
  if (encoding === 'deflate') return { body: deflateSync(bytes), header: 'deflate' };
  if (encoding === 'br') return { body: brotliCompressSync(bytes), header: 'br' };
  if (encoding === 'gzip-lie') return { body: bytes, header: 'gzip' };
  if (encoding === 'bomb') return { body: (bomb ??= gzipSync(Buffer.alloc(16 * 1024 * 1024))), header: 'gzip' };
  return { body: bytes, header: 'compress' };
}

/** Judges an answer: never a 5xx, a Request-Id of its own, and the error body for an error. */
function judge(response: Pick<RawResponse, 'headers' | 'body'> & { status: number }, hasBody: boolean): Outcome {
  const requestId = response.headers.get('request-id') ?? undefined;
  if (response.status >= 500) return { status: response.status, requestId, fault: `answered ${response.status}` };
  const fault = hasBody ? contractErrorFault(response) : requestId ? undefined : 'no Request-Id';
  return { status: response.status, requestId, ...(fault && { fault }) };
}

function sendHttp(agent: Agent, baseUrl: string, c: HttpCase): Promise<Outcome> {
  const { hostname, port } = new URL(baseUrl);
  const { body, header } = encode(materialize(c.body), c.encoding);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      settle({ fault: `no answer within ${ANSWER_WITHIN_MS} ms` });
      request.destroy();
    }, ANSWER_WITHIN_MS);
    const request = httpRequest({
      agent,
      hostname,
      port,
      method: c.method,
      path: c.path,
      // Framed by length: Node would otherwise send a GET's body unframed, as if it were the next request.
      headers: { ...c.headers, ...(header && { 'content-encoding': header }), ...(body && { 'content-length': String(body.length) }) },
    });
    request.on('response', (response) => {
      const headers = new Map(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
      if (String(response.headers['content-type']).startsWith('text/event-stream')) {
        response.destroy();
        return settle(judge({ status: response.statusCode!, headers, body: undefined }, false));
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => settle({ fault: 'the response broke off' }));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        settle(judge({ status: response.statusCode!, headers, body: parsed }, c.method !== 'HEAD'));
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => settle({ fault: `no answer: ${error.code ?? error.message}` }));
    request.end(body);
  });
}

async function sendRaw(baseUrl: string, c: { bytes: string | Buffer; head: boolean }): Promise<Outcome[]> {
  const exchange = await rawExchange(baseUrl, [c.bytes], { expect: 1, timeoutMs: ANSWER_WITHIN_MS, head: c.head });
  if (exchange.responses.length === 0) return [{ fault: exchange.closedByServer ? `closed without an answer (${exchange.error ?? 'no error'})` : `no answer within ${ANSWER_WITHIN_MS} ms` }];
  return exchange.responses.map((response) => judge(response, !c.head));
}

/**
 * `size` cases, shown in fast-check's report by their number only: the seed it prints replays them, and the failure
 * names the cases that failed.
 */
function batchOf<T>(cases: fc.Arbitrary<T>, size: number): fc.Arbitrary<T[]> {
  return fc
    .array(cases, { minLength: size, maxLength: size })
    .map((batch) => Object.assign(batch, { [fc.toStringMethod]: () => `[${batch.length} generated cases]` }));
}

/** Runs `tasks` with at most `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

function record(api: string, outcome: Outcome, faults: string[], describeCase: () => string): void {
  figures.requests++;
  figures.byApi[api] = (figures.byApi[api] ?? 0) + 1;
  const statusClass = outcome.status ? `${String(outcome.status)[0]}xx` : 'none';
  figures.byClass[statusClass] = (figures.byClass[statusClass] ?? 0) + 1;
  if (outcome.status === undefined) figures.unanswered++;
  let fault = outcome.fault;
  if (outcome.requestId) {
    if (requestIds.has(outcome.requestId)) fault ??= `Request-Id ${outcome.requestId} used twice`;
    requestIds.add(outcome.requestId);
  }
  if (fault) {
    figures.faults++;
    faults.push(`${fault}: ${describeCase().slice(0, 400)}`);
  }
}

function apiOf(path: string): Operation['api'] {
  return path.startsWith('/api/connector/') ? 'connector' : path.startsWith('/api/admin/') ? 'admin' : path.startsWith(ENTERPRISE) ? 'enterprise' : 'system';
}

describe('fuzz: generated requests against a real server', { timeout: 240_000 }, () => {
  let server: TestServer;
  let operations: Operation[];
  let pools: Pools;
  const agent = new Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY });

  beforeAll(async () => {
    server = await startTestServer({
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
      RATE_LIMIT_MAX: '100000000',
    });
    const admin = adminClient(server);
    const tenant = await createTenant(admin, ['Fuzz hotel']);
    const { Staff } = await ok(admin('staff/add', { EnterpriseId: tenant.enterpriseIds[0], Email: 'fuzz@hotel.example', Password: 'fuzz-password', Name: 'Fuzz' }));
    const threads = await Promise.all(
      ['First', 'Second'].map(async (Subject) => (await server.post('/api/connector/v1/messageThreads/add', { ...demo.a, OriginalSender: 'Guest', Subject })).body.MessageThreads[0].Id),
    );
    const signIn = await server.post(`${ENTERPRISE}/sessions/add`, { Email: staffA.email, Password: SANDBOX_STAFF_PASSWORD });
    pools = {
      ids: [...threads, ...SANDBOX_ENTERPRISES.map((e) => e.id)],
      adminIds: [...tenant.enterpriseIds, tenant.applicationId, ...tenant.integrationIds, Staff.Id],
      session: { token: signIn.body.SessionToken, csrf: signIn.body.CsrfToken, cookie: signIn.headers.get('set-cookie')!.split(';')[0]! },
    };
    const document = (await (await fetch(new URL('/openapi.json', server.url))).json()) as any;
    operations = Object.entries<any>(document.paths).flatMap(([path, methods]) =>
      Object.entries<any>(methods).map(([method, operation]) => ({
        api: apiOf(path),
        method,
        path,
        schema: operation.requestBody?.content?.['application/json']?.schema,
      })),
    );
    operations.push(...['/health', '/metrics', '/openapi.json', '/docs', '/inbox/', '/'].map((path) => ({ api: 'system' as const, method: 'get', path, schema: undefined })));
  });
  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  it(`answers ${RUNS * (HTTP_PER_RUN + RAW_PER_RUN)} requests within their time, never 5xx, always with a Request-Id of their own and the error body`, async () => {
    expect(operations.filter((o) => o.api !== 'system').length).toBeGreaterThanOrEqual(27);
    // Every operation is as likely as any other, but sign-ins and staff passwords cost a hash (and a failed sign-in a second).
    const slow = (o: Operation) => /\/(sessions\/add|staff\/add)$/.test(o.path);
    const httpCases = fc.oneof(...operations.map((o) => ({ weight: slow(o) ? 1 : 10, arbitrary: httpCaseFor(o, pools) })));
    const sent = new Set<string>();
    const started = performance.now();

    await fc.assert(
      fc.asyncProperty(batchOf(httpCases, HTTP_PER_RUN), batchOf(rawCases, RAW_PER_RUN), async (http, raw) => {
        const faults: string[] = [];
        await Promise.all([
          pool(http, HTTP_CONCURRENCY, async (c) => {
            sent.add(c.operation);
            figures.http++;
            record(apiOf(c.path), await sendHttp(agent, server.url, c), faults, () => `${c.method} ${c.path} ${JSON.stringify(c.headers)} ${c.body.kind} ${c.encoding}`);
          }),
          pool(raw, RAW_CONCURRENCY, async (c) => {
            for (const outcome of await sendRaw(server.url, c)) {
              figures.raw++;
              record('raw HTTP', outcome, faults, () => JSON.stringify(String(c.bytes).slice(0, 200)));
            }
          }),
        ]);
        if (faults.length > 0) throw new Error(`${faults.length} bad answers, the first: \n${faults.slice(0, 5).join('\n')}`);
      }),
      // FUZZ_SEED replays the run whose seed a failure printed.
      { numRuns: RUNS, endOnFailure: true, ...(process.env.FUZZ_SEED && { seed: Number(process.env.FUZZ_SEED) }) },
    );

    console.log(
      `fuzz (${testBackend}): ${figures.requests} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (${figures.http} HTTP, ${figures.raw} raw), ` +
        `by status ${JSON.stringify(figures.byClass)}, by API ${JSON.stringify(figures.byApi)}, ` +
        `${figures.unanswered} unanswered, ${figures.faults} faults, ${sent.size} operations`,
    );
    expect(figures.requests).toBeGreaterThanOrEqual(10_000);
    expect(figures.faults).toBe(0);
    expect(figures.unanswered).toBe(0);
    expect(figures.byClass['5xx'] ?? 0).toBe(0);
    expect(sent.size).toBe(operations.length);

    // Still serving, with a fresh connection and over the kept-alive ones.
    const after = await server.post('/api/connector/v1/messageThreads/add', { ...demo.a, OriginalSender: 'Guest', Subject: 'After the fuzz' });
    expect(after.status, after.text).toBe(200);
    expect(await sendHttp(agent, server.url, { operation: 'health', method: 'GET', path: '/health', headers: {}, body: { kind: 'none' }, encoding: 'none' })).toMatchObject({ status: 200 });
  });
});
