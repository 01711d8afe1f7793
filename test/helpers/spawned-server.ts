import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentSchema } from '../../src/config/config.ts';
import { temporaryFolder } from './server.ts';

const CLI = fileURLToPath(new URL('../../bin/connector-messaging.js', import.meta.url));

/** This process's environment without the server's settings (the test runner sets MODE=test, for one). */
function cleanEnvironment(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const key of Object.keys(EnvironmentSchema.properties)) delete env[key];
  return env;
}

export interface SpawnedServer {
  readonly process: ChildProcess;
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Ends the process (SIGKILL if it is still running) and removes its database. */
  dispose(): Promise<void>;
}

/**
 * Runs `connector-messaging serve` as its own process on a free port over a fresh SQLite database, and resolves once
 * it logs the address it listens on.
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const folder = temporaryFolder();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...cleanEnvironment(), PORT: '0', DATABASE_URL: `sqlite:${join(folder, 'db.sqlite')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        const address = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(line)?.[1];
        if (address) resolve(address);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return {
    process: child,
    url,
    output: () => output,
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI to its end and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...cleanEnvironment(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
