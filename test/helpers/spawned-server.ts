import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EnvironmentSchema } from '../../src/config/config.ts';
import { createTestDatabase } from './server.ts';

const CLI = fileURLToPath(new URL('../../bin/connector-messaging.js', import.meta.url));
/** The compiled server (dist/, brought up to date by the run's global setup); two busy cores can still be slow. */
const START_TIMEOUT_MS = 60_000;

/**
 * Servers still running, ended when this test process exits: a test that times out or fails before its `dispose()`
 * leaves no server behind (a cluster's workers end with their primary).
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** This process's environment without the server's settings (the test runner sets MODE=test, for one). */
export function cleanEnvironment(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const key of Object.keys(EnvironmentSchema.properties)) delete env[key];
  return env;
}

export interface SpawnedServer {
  readonly process: ChildProcess;
  /** Where it listens, as it logged it (with WORKERS > 1, once every worker listens). */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far. */
  logLines(): Record<string, any>[];
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` (SIGTERM by default) unless it has exited, and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Ends the process (SIGKILL if it is still running) and removes the database it was given by default. */
  dispose(): Promise<void>;
}

/**
 * Runs `connector-messaging serve` as its own process on a free port, over a fresh database of this run's backend
 * unless `env` names one, and resolves once it logs the address it listens on. `cli` is another checkout's
 * `bin/connector-messaging.js` instead of this one's.
 */
export async function spawnServer(env: Record<string, string> = {}, cli = CLI): Promise<SpawnedServer> {
  const database = env.DATABASE_URL ? undefined : await createTestDatabase();
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: { ...cleanEnvironment(), PORT: '0', ...database?.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const logLines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>);
  // A cluster's primary says when all its workers listen; a single process, when it does.
  const ready = Number(env.WORKERS ?? 1) > 1 ? /"msg":"\d+ workers listening at (http:\/\/[^"]+)"/ : /"msg":"Server listening at (http:\/\/[^"]+)"/;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const address = ready.exec(output)?.[1];
        if (address) {
          clearTimeout(timer);
          resolve(address);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${output}`));
      });
    });
    const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    };
    return {
      process: child,
      url,
      output: () => output,
      logLines,
      exited,
      stop,
      async dispose() {
        await stop('SIGKILL');
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
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
