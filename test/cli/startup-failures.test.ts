import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/server.ts';
import { runCli } from '../helpers/spawned-server.ts';

/** The one line a failed start writes on stderr, with its exit code; nothing else is written. */
async function failedStart(args: string[], env: Record<string, string>): Promise<{ code: number | null; line: string }> {
  const { code, stdout, stderr } = await runCli(args, { LOG_LEVEL: 'info', ...env });
  expect(stdout).toBe('');
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return { code, line: lines[0]! };
}

describe('a server that cannot start', { timeout: 60_000 }, () => {
  let folder: string;
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    folder = temporaryFolder();
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it('names the port in use, exit code 3', async () => {
    const { code, line } = await failedStart(['serve'], { PORT: String(busyPort), DATABASE_URL: 'sqlite::memory:' });
    expect(line).toBe(`Cannot listen on 127.0.0.1:${busyPort} (EADDRINUSE): the port is in use; set PORT to another one, or stop what listens there`);
    expect(code).toBe(3);
  });

  it('names the port in use with WORKERS=2 too, the primary exiting with the worker\'s code', async () => {
    const { code, line } = await failedStart(['serve'], { PORT: String(busyPort), WORKERS: '2', DATABASE_URL: `sqlite:${join(folder, 'workers.sqlite')}` });
    expect(line).toBe(`Cannot listen on 127.0.0.1:${busyPort} (EADDRINUSE): the port is in use; set PORT to another one, or stop what listens there`);
    expect(code).toBe(3);
  });

  it('names an unreachable PostgreSQL without its password, exit code 4', async () => {
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: 'postgres://someone:s3cret@127.0.0.1:1/connector' });
    expect(line).toBe('Cannot use the database postgres://someone:***@127.0.0.1:1/connector: connect ECONNREFUSED 127.0.0.1:1');
    expect(code).toBe(4);
  });

  it('names a PostgreSQL host that does not resolve, exit code 4', async () => {
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: 'postgres://someone@no-such-host.invalid/connector' });
    expect(line).toMatch(/^Cannot use the database postgres:\/\/someone@no-such-host\.invalid\/connector: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid$/);
    expect(code).toBe(4);
  });

  it('names a SQLite path whose folder cannot be created, exit code 4', async () => {
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: `sqlite:${file}/connector.sqlite` });
    expect(line).toMatch(new RegExp(`^Cannot use the database sqlite:${file}/connector\\.sqlite: EEXIST: file already exists, mkdir '${file}'$`));
    expect(code).toBe(4);
  });

  it('names a SQLite path that cannot be opened as a database file, exit code 4', async () => {
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: folder });
    expect(line).toBe(`Cannot use the database ${folder}: unable to open database file`);
    expect(code).toBe(4);
  });

  it('fails `migrate` the same way', async () => {
    const { code, line } = await failedStart(['migrate'], { DATABASE_URL: 'postgres://someone@127.0.0.1:1/connector' });
    expect(line).toBe('Cannot use the database postgres://someone@127.0.0.1:1/connector: connect ECONNREFUSED 127.0.0.1:1');
    expect(code).toBe(4);
  });

  it.each([
    ['mysql://root:s3cret@db/connector', 'mysql:'],
    ['http://db/connector', 'http:'],
    ['sqlite:', 'sqlite:'],
  ])('refuses DATABASE_URL=%s by its scheme alone, exit code 2', async (url, scheme) => {
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: url });
    expect(line).toBe(
      `Invalid environment variable DATABASE_URL: unsupported scheme "${scheme}"; use postgres://…, postgresql://…, sqlite:PATH, sqlite::memory: or a file path`,
    );
    expect(code).toBe(2);
  });

  it.each([
    ['MODE', 'staging', 'sandbox, production, development'],
    ['LOG_LEVEL', 'verbose', 'fatal, error, warn, info, debug, trace, silent'],
  ])('names the values %s allows, exit code 2', async (name, value, allowed) => {
    const { code, line } = await failedStart(['serve'], { PORT: '0', DATABASE_URL: 'sqlite::memory:', [name]: value });
    expect(line).toBe(`Invalid environment variable ${name}="${value}": must be one of ${allowed}`);
    expect(code).toBe(2);
  });
});
