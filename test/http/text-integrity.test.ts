import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { SANDBOX_STAFF_PASSWORD } from '../../src/store/sandbox-seed.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type JsonResponse, type TestServer } from '../helpers/server.ts';
import { signIn, staffA, type SignedIn } from './enterprise/staff-client.ts';

const CONNECTOR = '/api/connector/v1';
const ENTERPRISE = '/api/enterprise/v1';
const ADMIN = '/api/admin/v1';

/** Texts that JSON can carry but that no database stores as sent. */
const ILL_FORMED = [
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', '\udc00'],
  ['a pair in the wrong order', '\udc00\ud800'],
  ['a high surrogate at the end', 'end\ud83d'],
  ['NUL, which PostgreSQL\'s text refuses', 'nul\u0000'],
] as const;

function expectRefused(response: JsonResponse, parameter: string) {
  expect(response.status, response.text).toBe(400);
  expect(response.body.Message).toMatch(new RegExp(`^Invalid ${parameter.replace(/[.[\]]/g, '\\$&')}(:|$)`));
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  expect(response.body.Details).toBeNull();
}

describe('text is stored exactly or refused', () => {
  let server: TestServer;
  let staff: SignedIn;
  let threadId: string;
  beforeAll(async () => {
    server = await startTestServer();
    staff = await signIn(server);
    const thread = await server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'Guest', Subject: 'Texts' });
    threadId = thread.body.MessageThreads[0].Id;
  });
  afterAll(() => server.close());

  const admin = (operation: string, body: unknown) =>
    server.post(`${ADMIN}/${operation}`, body, { authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` });
  const asStaff = (operation: string, body: unknown) =>
    server.post(`${ENTERPRISE}/${operation}`, body, { authorization: `Bearer ${staff.token}` });

  /** Every text field of every API, each as one request with `text` in it, and the parameter that names it. */
  const fields: Array<[string, (text: string) => Promise<JsonResponse>, string]> = [
    ['Connector messageThreads/add Subject', (t) => server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'G', Subject: t }), 'Subject'],
    ['Connector messageThreads/add OriginalSender', (t) => server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: t, Subject: 'S' }), 'OriginalSender'],
    ['Connector messageThreads/add Client', (t) => server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, Client: t, OriginalSender: 'G', Subject: 'S' }), 'Client'],
    ['Connector messages/add Text', (t) => server.post(`${CONNECTOR}/messages/add`, { ...demo.a, Messages: [{ MessageThreadId: threadId, Text: t }] }), 'Messages[0].Text'],
    ['Connector messages/add Identifier', (t) => server.post(`${CONNECTOR}/messages/add`, { ...demo.a, Messages: [{ MessageThreadId: threadId, Text: 'x', Identifier: t }] }), 'Messages[0].Identifier'],
    ['Connector messageThreads/getAll Cursor', (t) => server.post(`${CONNECTOR}/messageThreads/getAll`, { ...demo.a, MessageThreadIds: [threadId], Limitation: { Count: 1, Cursor: t } }), 'Limitation.Cursor'],
    ['an unknown property', (t) => server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'G', Subject: 'S', Extra: { Deep: [t] } }), 'Extra.Deep[0]'],
    ['enterprise messages/add Text', (t) => asStaff('messages/add', { MessageThreadId: threadId, Text: t }), 'Text'],
    ['enterprise messageThreads/getAll Search', (t) => asStaff('messageThreads/getAll', { Limitation: { Count: 1 }, Search: t }), 'Search'],
    ['enterprise sessions/add Password', (t) => server.post(`${ENTERPRISE}/sessions/add`, { Email: staffA.email, Password: `${SANDBOX_STAFF_PASSWORD}${t}` }), 'Password'],
    ['admin enterprises/add Name', (t) => admin('enterprises/add', { Name: t }), 'Name'],
    ['admin applications/add WebhookUrl', (t) => admin('applications/add', { Name: 'App', WebhookUrl: `https://hooks.example/${t}` }), 'WebhookUrl'],
    ['admin staff/add Name', (t) => admin('staff/add', { EnterpriseId: demo.a.ClientToken, Email: 'x@y.example', Password: 'password1', Name: t }), 'Name'],
  ];

  describe.each(ILL_FORMED)('%s', (_case, text) => {
    it.each(fields)('is refused in %s with 400 Invalid <Parameter>', async (_field, send, parameter) => {
      expectRefused(await send(text), parameter);
    });
  });

  it('refuses a property name that is not Unicode text, naming the object that holds it', async () => {
    const response = await server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'G', Subject: 'S', '\ud800': 1 });
    expect(response.status).toBe(400);
    expect(response.body.Message).toMatch(/^Invalid request body\b/);
  });

  it('stores nothing of a refused request', async () => {
    const before = await server.database.selectFrom('message_threads').select('id').execute();
    await server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: 'G', Subject: '\ud800' });
    expect(await server.database.selectFrom('message_threads').select('id').execute()).toEqual(before);
  });

  it('stores well-formed text exactly and returns it unchanged, through every API', async () => {
    const text = 'pair \ud83d\ude00, \u0001 control, \uffff, \u200b zero width, \u{10ffff}';
    const thread = await server.post(`${CONNECTOR}/messageThreads/add`, { ...demo.a, OriginalSender: text, Subject: text });
    expect(thread.status, thread.text).toBe(200);
    const id = thread.body.MessageThreads[0].Id;
    const read = await server.post(`${CONNECTOR}/messageThreads/getAll`, { ...demo.a, MessageThreadIds: [id], Limitation: { Count: 1 } });
    expect(read.body.MessageThreads[0].Subject).toBe(text);
    expect(read.body.MessageThreads[0].OriginalSender).toBe(text);
    expect((await asStaff('messages/add', { MessageThreadId: id, Text: text })).status).toBe(200);
    const messages = await server.post(`${CONNECTOR}/messages/getAll`, { ...demo.a, MessageThreadIds: [id], Limitation: { Count: 1 } });
    expect(messages.body.Messages[0].Text).toBe(text);
    const enterprise = await admin('enterprises/add', { Name: text });
    expect(enterprise.status, enterprise.text).toBe(200);
    expect(enterprise.body.Enterprise.Name).toBe(text);
  });
});
