import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Map<string, string>;
  readonly text: string;
  /** The parsed JSON body, or undefined when it is empty or not JSON. */
  readonly body: any;
}

export interface RawExchange {
  /** The responses read, in order. */
  readonly responses: RawResponse[];
  /** Whether the server ended the connection (rather than the exchange timing out). */
  readonly closedByServer: boolean;
  /** A socket error, such as ECONNRESET, if one happened. */
  readonly error: string | undefined;
}

/** One piece of what a client writes: bytes, written after a pause when `pauseMs` is given. */
export type RawPart = string | Buffer | { readonly data: string | Buffer; readonly pauseMs: number };

export interface RawOptions {
  /** Stop reading after this, if the server neither closes nor answers `expect` responses. */
  readonly timeoutMs?: number;
  /** Resolve once this many responses are read, without waiting for the server to close. */
  readonly expect?: number;
  /** Responses to HEAD requests have no body. */
  readonly head?: boolean;
}

/**
 * Writes bytes to the server as a client would, then reads its responses off the socket: for what no HTTP client
 * sends (malformed requests, slow headers, pipelining). Writing stops once the server has closed the connection.
 */
export function rawExchange(baseUrl: string, parts: RawPart[], options: RawOptions = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let error: string | undefined;
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(received, options.head ?? false), closedByServer, error });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 10_000);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (options.expect !== undefined && parseResponses(received, options.head ?? false).length >= options.expect) finish(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', async () => {
      for (const part of parts) {
        const { data, pauseMs } = typeof part === 'string' || Buffer.isBuffer(part) ? { data: part, pauseMs: 0 } : part;
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        if (settled || socket.destroyed || socket.writableEnded || socket.readableEnded) return;
        socket.write(data);
      }
    });
  });
}

/** Splits what a server sent into its complete responses (by Content-Length, or chunked). */
export function parseResponses(bytes: Buffer, head = false): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = bytes;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return responses;
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    let bodyStart = end + 4;
    let body: Buffer;
    const status = Number(statusLine.split(' ')[1]);
    if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
    } else if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
      const chunks: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', bodyStart);
        if (lineEnd < 0) return responses;
        const size = parseInt(rest.subarray(bodyStart, lineEnd).toString('latin1'), 16);
        if (rest.length < lineEnd + 2 + size + 2) return responses;
        chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        bodyStart = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(chunks);
    } else {
      const length = Number(headers.get('content-length') ?? 0);
      if (rest.length < bodyStart + length) return responses;
      body = rest.subarray(bodyStart, bodyStart + length);
      bodyStart += length;
    }
    const text = body.toString('utf8');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (status >= 200) responses.push({ status, headers, text, body: json });
    rest = rest.subarray(bodyStart);
  }
}

/** A request as bytes: `METHOD path HTTP/1.1`, the headers (Host: x unless given), then the body. */
export function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = Object.entries({ Host: 'x', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a response follows the contract's error rule: a JSON body `{ Message, RequestId, Details }` whose RequestId
 * is the response's `Request-Id` (a UUID). Returns what is wrong, or undefined.
 */
export function contractErrorFault(response: Pick<RawResponse, 'headers' | 'body'> & { readonly status: number }): string | undefined {
  const requestId = response.headers.get('request-id');
  if (!requestId || !UUID.test(requestId)) return `no Request-Id (${String(requestId)})`;
  if (response.status < 400) return undefined;
  const body = response.body;
  if (body === null || typeof body !== 'object') return 'no JSON error body';
  if (Object.keys(body).sort().join() !== 'Details,Message,RequestId') return `not the error body: ${JSON.stringify(body)}`;
  if (typeof body.Message !== 'string' || body.Message === '') return 'no Message';
  if (body.RequestId !== requestId) return 'RequestId differs from the Request-Id header';
  return undefined;
}
