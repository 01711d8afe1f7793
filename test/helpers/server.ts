import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

export interface TestServer extends RunningServer {
  /** POSTs a JSON body (or a raw string) and returns status, headers and the parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or undefined when the body is empty. */
  readonly body: any;
  readonly text: string;
}

/**
 * Starts a real server on a free port over a fresh, empty database (SQLite in a temporary folder, removed on close),
 * in sandbox mode, unless `env` says otherwise (a given DATABASE_URL is left in place on close).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const folder = env.DATABASE_URL ? undefined : temporaryFolder();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...(folder && { DATABASE_URL: `sqlite:${join(folder, 'test.sqlite')}` }),
    ...env,
  });
  const server = await startServer(config);
  return {
    ...server,
    async close() {
      await server.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
    post: (path, body, headers) => postJson(server.url, path, body, headers),
  };
}

/** A new empty folder under the system's temporary folder; the caller removes it. */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'connector-test-'));
}

export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}
