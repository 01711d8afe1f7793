import { expect } from 'vitest';
import {
  ConnectorClient,
  type ConnectorClientOptions,
  type ContractRequest,
  type Credentials,
  type LocalizationParameters,
  type Message,
  type MessageThread,
  type MessageThreadAddParameters,
  type MultipleMessageAddParameters,
} from '@connector-messaging/client';
import { formatUtc, nowUtc } from '../../src/domain/time.ts';
import { assertMatchesContract } from './contract.ts';
import { demo } from './sandbox.ts';
import type { TestServer } from './server.ts';

/**
 * The Connector API as tests use it for setup and reads: through the typed client (`@connector-messaging/client`), each
 * answer checked against the contract. A test of what goes over the wire (statuses, headers, exact bodies) posts its
 * own request to `CONNECTOR_PATHS` and asserts on the response.
 */

export const CONNECTOR_PATHS = {
  addThread: '/api/connector/v1/messageThreads/add',
  getThreads: '/api/connector/v1/messageThreads/getAll',
  addMessages: '/api/connector/v1/messages/add',
  getMessages: '/api/connector/v1/messages/getAll',
} as const;

/** A process serving the Connector API: a test server or a spawned one. */
export interface ConnectorServer {
  readonly url: string;
}

/** A client of a started server with the given credentials (the demo integration's for enterprise A by default). */
export function connectorClient(
  server: ConnectorServer,
  credentials: Credentials = demo.a,
  options: Partial<ConnectorClientOptions> = {},
): ConnectorClient {
  return new ConnectorClient({
    platformAddress: server.url,
    clientToken: credentials.ClientToken,
    accessToken: credentials.AccessToken,
    client: credentials.Client,
    ...options,
  });
}

/** The helpers' client: one attempt, so that a test sees the server's first answer and never a retried one. */
const firstAnswer = (server: ConnectorServer, credentials: Credentials) => connectorClient(server, credentials, { retry: false });

/** A day either side of now: an interval that holds everything a test creates. */
export function aroundNow(): { StartUtc: string; EndUtc: string } {
  const now = nowUtc();
  return { StartUtc: formatUtc(now - 86_400), EndUtc: formatUtc(now + 86_400) };
}

/** `minutes` from now (negative: in the past), as an ISO 8601 UTC string for a time filter. */
export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

/** A new thread from guest `Guest` (unless `parameters` say otherwise), by `demo.a` unless told. */
export async function addThread(
  server: ConnectorServer,
  credentials: Credentials = demo.a,
  parameters: Partial<MessageThreadAddParameters> = {},
): Promise<MessageThread> {
  const result = await firstAnswer(server, credentials).messageThreads.add({ OriginalSender: 'Guest', Subject: 'Hello', ...parameters });
  expect(result.MessageThreads).toHaveLength(1);
  return result.MessageThreads[0]!;
}

export type { Credentials };
export type MessageAddParameters = MultipleMessageAddParameters['Messages'][number];

/** `count` messages for one thread: texts `Message 0`, `Message 1`…, each with its index as Identifier. */
export function messagesFor(threadId: string, count = 1): MessageAddParameters[] {
  return Array.from({ length: count }, (_, i) => ({ MessageThreadId: threadId, Text: `Message ${i}`, Identifier: String(i) }));
}

/** Adds messages with one messages/add request and returns them in request order. */
export async function addMessages(server: ConnectorServer, credentials: Credentials, messages: MessageAddParameters[]): Promise<Message[]> {
  const result = await firstAnswer(server, credentials).messages.add({ Messages: messages });
  assertMatchesContract('AddedMessageResult', result);
  return result.Messages.map((added) => added.Message);
}

/** A get-all request body as the contract writes it, credentials included. */
export type ThreadsRequest = ContractRequest<'messageThreads_getAll'> & LocalizationParameters;
export type MessagesRequest = ContractRequest<'messages_getAll'> & LocalizationParameters;

export interface Page<Item> {
  readonly items: Item[];
  readonly cursor: string | null;
}

/** One page of a get-all operation, checked against the contract: Cursor is the last item's id, or null when empty. */
export function getPage(server: ConnectorServer, operation: 'threads', body: ThreadsRequest): Promise<Page<MessageThread>>;
export function getPage(server: ConnectorServer, operation: 'messages', body: MessagesRequest): Promise<Page<Message>>;
export async function getPage(
  server: ConnectorServer,
  operation: 'threads' | 'messages',
  body: ThreadsRequest | MessagesRequest,
): Promise<Page<MessageThread | Message>> {
  const { ClientToken, AccessToken, Client, ...parameters } = body;
  const client = firstAnswer(server, { ClientToken, AccessToken, Client });
  if (operation === 'threads') {
    const result = await client.messageThreads.getAll(parameters as Omit<ThreadsRequest, keyof Credentials>);
    assertMatchesContract('MessageThreadResult', result);
    return checkedPage(result.MessageThreads, result.Cursor);
  }
  const result = await client.messages.getAll(parameters as Omit<MessagesRequest, keyof Credentials>);
  assertMatchesContract('MessageResult', result);
  return checkedPage(result.Messages, result.Cursor);
}

function checkedPage<Item extends { Id: string }>(items: Item[], cursor: string | null | undefined): Page<Item> {
  expect(cursor).toBe(items.at(-1)?.Id ?? null);
  return { items, cursor: cursor ?? null };
}

/** Pages until a null Cursor, as a client's loop does; `between` runs after each page (to write meanwhile). */
export function pageAll(
  server: ConnectorServer,
  operation: 'threads',
  body: Omit<ThreadsRequest, 'Limitation'>,
  count: number,
  between?: () => Promise<unknown>,
): Promise<string[]>;
export function pageAll(
  server: ConnectorServer,
  operation: 'messages',
  body: Omit<MessagesRequest, 'Limitation'>,
  count: number,
  between?: () => Promise<unknown>,
): Promise<string[]>;
export async function pageAll(
  server: ConnectorServer,
  operation: 'threads' | 'messages',
  body: Omit<ThreadsRequest, 'Limitation'> | Omit<MessagesRequest, 'Limitation'>,
  count: number,
  between: () => Promise<unknown> = async () => {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const Limitation = { Count: count, Cursor: cursor };
    const page: Page<{ Id: string }> =
      operation === 'threads'
        ? await getPage(server, operation, { ...(body as Omit<ThreadsRequest, 'Limitation'>), Limitation })
        : await getPage(server, operation, { ...(body as Omit<MessagesRequest, 'Limitation'>), Limitation });
    expect(page.items.length).toBeLessThanOrEqual(count);
    ids.push(...page.items.map((item) => item.Id));
    cursor = page.cursor;
    await between();
  } while (cursor !== null);
  return ids;
}

/** Posts `body` as it is and asserts a 400 with the contract's error body and a message starting as given. */
export async function expectInvalid(server: Pick<TestServer, 'post'>, path: string, body: unknown, message: string | RegExp) {
  const response = await server.post(path, body);
  expect(response.status, response.text).toBe(400);
  assertMatchesContract('ConnectorApiExceptionResult', response.body);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  const text = response.body.Message;
  if (typeof message === 'string') expect(text?.startsWith(message), String(text)).toBe(true);
  else expect(text).toMatch(message);
}
