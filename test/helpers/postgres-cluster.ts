import { execFile } from 'node:child_process';
import { chownSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryFolder, unusedPort } from './server.ts';

const run = promisify(execFile);

/** The binaries of the PostgreSQL installed on this machine (Debian's layout), or undefined when there is none. */
function binaries(): string | undefined {
  const versions = (() => {
    try {
      return readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    } catch {
      return [];
    }
  })();
  return versions[0] && join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Whether `startPostgresCluster` can work here: PostgreSQL's binaries, and root to run them as the `postgres` user. */
export const canStartPostgresCluster = binaries() !== undefined && process.getuid?.() === 0;

export interface PostgresCluster {
  /** A URL of its `postgres` database, with the `postgres` superuser and trust authentication. */
  readonly url: string;
  /** Fast shutdown (`pg_ctl stop -m fast`): sessions are ended (57P01), new connections refused until `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port with its socket in that folder: for
 * tests that stop and start the database, which must never touch the machine's shared one. Runs as the `postgres`
 * OS user (PostgreSQL refuses root).
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binaries();
  if (!bin) throw new Error('PostgreSQL is not installed under /usr/lib/postgresql');
  const folder = temporaryFolder();
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  chownSync(folder, Number(uid), Number(gid));
  const data = join(folder, 'data');
  const port = await unusedPort();
  const asPostgres = (tool: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const cluster: PostgresCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(folder, 'log'), '-w', 'start']);
      running = true;
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async dispose() {
      try {
        if (running) await cluster.stop();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}
