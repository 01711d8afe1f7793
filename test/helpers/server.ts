import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase } from './database.ts';

export interface TestServer extends RunningServer {
  /** POSTs a JSON body (or a raw string) and returns status, headers and the parsed body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /**
   * The test's own connection to the server's database (see `openTestDatabase`), opened when first used and closed
   * with the server: for what no API shows. The server itself never exposes its database.
   */
  readonly database: Kysely<Database>;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, or undefined when the body is empty. */
  readonly body: any;
  readonly text: string;
}

/**
 * Starts a real server on a free port over a fresh, empty database of `backend` (this run's unless told; see
 * `createTestDatabase`), removed on close, in sandbox mode, unless `env` says otherwise (a given DATABASE_URL is left
 * in place on close).
 */
export async function startTestServer(env: Record<string, string> = {}, backend: TestBackend = testBackend): Promise<TestServer> {
  const database = env.DATABASE_URL ? undefined : await createTestDatabase(backend);
  try {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...database?.env, ...env });
    const server = await startServer(config);
    let own: Kysely<Database> | undefined;
    return {
      ...server,
      get database() {
        own ??= openTestDatabase(config.DATABASE_URL);
        return own;
      },
      async close() {
        try {
          await server.close();
        } finally {
          await own?.destroy();
          await database?.drop();
        }
      },
      post: (path, body, headers) => postJson(server.url, path, body, headers),
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

export type TestBackend = 'sqlite' | 'postgres';

/** The backend of this test run: `TEST_BACKEND=postgres` runs every test on PostgreSQL with Redis, else SQLite. */
export const testBackend: TestBackend = process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** Where PostgreSQL runs tests' databases are created from, and the Redis they share. */
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  /** The server environment that points at it: DATABASE_URL, and on PostgreSQL runs REDIS_URL with a key prefix. */
  readonly env: Record<string, string>;
  /** Removes the database (and on SQLite its folder). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one server (or several processes sharing it): an SQLite file in a temporary folder, or
 * on PostgreSQL (`TEST_BACKEND=postgres`, or `backend`) a new database `cm_test_<random>` plus a Redis key prefix of its own, so
 * that test files running in parallel never see each other's rows or request counts.
 */
export async function createTestDatabase(backend: TestBackend = testBackend): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const folder = temporaryFolder();
    return {
      env: { DATABASE_URL: `sqlite:${join(folder, 'test.sqlite')}` },
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `cm_test_${randomBytes(8).toString('hex')}`;
  await onPostgres(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.href, REDIS_URL, RATE_LIMIT_KEY_PREFIX: `${name}:rate-limit` },
    drop: () => onPostgres(`drop database if exists ${name} with (force)`),
  };
}

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A port on 127.0.0.1 that nothing listens on (taken from the system, then released), to point a client at. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
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
  signal?: AbortSignal,
): Promise<JsonResponse> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(signal && { signal }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}
