import { expect } from 'vitest';
import { formatUtc, nowUtc } from '../../src/domain/time.ts';
import { assertMatchesContract } from '../helpers/contract.ts';
import type { demo } from '../helpers/sandbox.ts';
import type { TestServer } from '../helpers/server.ts';

/** Calls of the Connector API that several test files make, each asserting the contract's shape of its answer. */

export type Credentials = (typeof demo)[keyof typeof demo];

export const PATHS = {
  addThread: '/api/connector/v1/messageThreads/add',
  getThreads: '/api/connector/v1/messageThreads/getAll',
  addMessages: '/api/connector/v1/messages/add',
  getMessages: '/api/connector/v1/messages/getAll',
} as const;

/** A day either side of now: an interval that holds everything a test creates. */
export function aroundNow(): { StartUtc: string; EndUtc: string } {
  const now = nowUtc();
  return { StartUtc: formatUtc(now - 86_400), EndUtc: formatUtc(now + 86_400) };
}

export async function addThread(server: Pick<TestServer, 'post'>, credentials: Credentials, extra: Record<string, unknown> = {}) {
  const response = await server.post(PATHS.addThread, { ...credentials, OriginalSender: 'Guest', Subject: 'Hello', ...extra });
  expect(response.status, response.text).toBe(200);
  return response.body.MessageThreads[0] as { Id: string; CreatedUtc: string; UpdatedUtc: string; IsResolved: boolean };
}

export async function addMessages(server: TestServer, credentials: Credentials, messages: { MessageThreadId: string; Text: string; Identifier?: string }[]) {
  const response = await server.post(PATHS.addMessages, { ...credentials, Messages: messages });
  expect(response.status, response.text).toBe(200);
  assertMatchesContract('AddedMessageResult', response.body);
  return (response.body.Messages as { Message: { Id: string } }[]).map((added) => added.Message);
}

/** One page of a get-all operation, checked against the contract: Cursor is the last item's id, or null when empty. */
export async function getPage(server: Pick<TestServer, 'post'>, operation: 'threads' | 'messages', body: Record<string, unknown>) {
  const [path, schema, key] =
    operation === 'threads'
      ? ([PATHS.getThreads, 'MessageThreadResult', 'MessageThreads'] as const)
      : ([PATHS.getMessages, 'MessageResult', 'Messages'] as const);
  const response = await server.post(path, body);
  expect(response.status, response.text).toBe(200);
  assertMatchesContract(schema, response.body);
  const items = response.body[key] as { Id: string; CreatedUtc: string }[];
  expect(response.body.Cursor).toBe(items.at(-1)?.Id ?? null);
  return { items, cursor: response.body.Cursor as string | null };
}

/** Pages until a null Cursor, as a client's loop does; `between` runs after each page (to write meanwhile). */
export async function pageAll(
  server: Pick<TestServer, 'post'>,
  operation: 'threads' | 'messages',
  body: Record<string, unknown>,
  count: number,
  between: () => Promise<unknown> = async () => {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await getPage(server, operation, { ...body, Limitation: { Count: count, Cursor: cursor } });
    expect(page.items.length).toBeLessThanOrEqual(count);
    ids.push(...page.items.map((item) => item.Id));
    cursor = page.cursor;
    await between();
  } while (cursor !== null);
  return ids;
}

/** Asserts a 400 with the contract's error body and a message starting as given. */
export async function expectInvalid(server: TestServer, path: string, body: unknown, message: string | RegExp) {
  const response = await server.post(path, body);
  expect(response.status, response.text).toBe(400);
  assertMatchesContract('ConnectorApiExceptionResult', response.body);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  if (typeof message === 'string') expect(response.body.Message.startsWith(message), response.body.Message).toBe(true);
  else expect(response.body.Message).toMatch(message);
}
