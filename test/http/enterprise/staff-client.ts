import { afterAll, beforeAll } from 'vitest';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../../src/store/sandbox-seed.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startTestServer, type JsonResponse, type TestServer } from '../../helpers/server.ts';

export const ENTERPRISE = '/api/enterprise/v1';
export const staffA = SANDBOX_STAFF[0];
export const staffB = SANDBOX_STAFF[1];

export interface SignedIn {
  readonly token: string;
  readonly csrf: string;
  /** The `name=value` pair of the session cookie, as a browser would send it back. */
  readonly cookie: string;
  readonly body: any;
}

export async function signIn(server: TestServer, email: string = staffA.email, password = SANDBOX_STAFF_PASSWORD): Promise<SignedIn> {
  const response = await server.post(`${ENTERPRISE}/sessions/add`, { Email: email, Password: password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { token: response.body.SessionToken, csrf: response.body.CsrfToken, cookie, body: response.body };
}

/**
 * One server for the calling describe block's tests, started before them with staff A of the sandbox signed in, and
 * closed after them. Tests read both through the accessors, as neither exists until the block's tests run.
 */
export function useSignedInServer(): { server: () => TestServer; a: () => SignedIn } {
  let server: TestServer | undefined;
  let a: SignedIn | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    a = await signIn(server);
  });
  afterAll(() => server?.close());
  return { server: () => started(server), a: () => started(a) };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The server starts before the tests.');
  return value;
}

/** An enterprise API operation authenticated with `Authorization: Bearer`. */
export function asStaff(server: TestServer, session: SignedIn, operation: string, body: unknown): Promise<JsonResponse> {
  return server.post(`${ENTERPRISE}/${operation}`, body, { authorization: `Bearer ${session.token}` });
}

export interface StreamEvent {
  readonly id: string | undefined;
  readonly data: any;
}

/**
 * Reads the live events stream (Server-Sent Events) as a client would, handing out its events in order (`next`), or
 * all those that come until the server ends it (`untilEnd`).
 */
export async function openEventStream(baseUrl: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${ENTERPRISE}/events`, { headers, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  /** The next event, or undefined once the server has ended the stream. */
  async function read(): Promise<StreamEvent | undefined> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        comments.push(...lines.filter((l) => l.startsWith(':')));
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
        if (data.length > 0) return { id: lines.find((l) => l.startsWith('id: '))?.slice(4), data: JSON.parse(data.join('\n')) };
        continue;
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  }
  async function next(): Promise<StreamEvent> {
    const event = await read();
    if (!event) throw new Error('the stream ended');
    return event;
  }
  /** Every event that comes before the server ends the stream, once it has (a bounded wait: it fails if it does not). */
  async function untilEnd(): Promise<StreamEvent[]> {
    const events: StreamEvent[] = [];
    let ended = false;
    const reading = (async () => {
      for (let event = await read(); event; event = await read()) events.push(event);
      ended = true;
    })();
    try {
      await eventually(() => ended);
    } finally {
      controller.abort();
      await reading.catch(() => {});
    }
    return events;
  }
  return { response, next, untilEnd, comments, close: () => controller.abort() };
}
