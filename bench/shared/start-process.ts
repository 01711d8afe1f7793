import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { EnvironmentSchema } from '../../src/config/config.ts';
import { unusedPort } from '../../test/helpers/server.ts';
import { onCleanup } from './cleanup.ts';
import { listensOn } from './process-stats.ts';

export interface StartedProcess {
  /** The process that listens: `node` itself, spawned without npm, npx or a shell in between. */
  readonly pid: number;
  readonly url: string;
  /** Milliseconds from spawn to ready: a `200` from `/health`, or, for what has none, an accepted connection. */
  readonly startMs: number;
  /** SIGTERM, then SIGKILL if it has not exited 10 s later. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/** This process's environment without the server's settings, so that only what a benchmark sets reaches it. */
function cleanEnvironment(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const key of Object.keys(EnvironmentSchema.properties)) delete env[key];
  return env;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Runs `node ARGS` on a free port of 127.0.0.1 (given as `PORT`, or put into ARGS where `{port}` stands), its output
 * going to `logFile` so that reading it takes nothing from the measurement, and resolves once it is ready and the
 * spawned process itself holds the listening socket. The process is stopped when the run ends, whatever happens.
 */
export async function startProcess(options: {
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly logFile: string;
  readonly ready: 'health' | 'listening';
}): Promise<StartedProcess> {
  const port = await unusedPort();
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(options.logFile, 'w');
  const began = performance.now();
  const child = spawn(process.execPath, options.args.map((arg) => arg.replace('{port}', String(port))), {
    env: { ...cleanEnvironment(), ...options.env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(`process ${child.pid}`, stop);
  const ready = options.ready === 'health' ? () => healthy(url) : () => accepts(port);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`node ${options.args.join(' ')} exited (${child.exitCode ?? child.signalCode}):\n${readFileSync(options.logFile, 'utf8')}`);
    }
    if (await ready()) break;
    if (performance.now() - began > START_TIMEOUT_MS) throw new Error(`node ${options.args.join(' ')} not ready within ${START_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startMs = performance.now() - began;
  if (!listensOn(child.pid!, port)) throw new Error(`process ${child.pid} (node ${options.args.join(' ')}) is not the one listening on ${port}`);
  return { pid: child.pid!, url, startMs, stop };
}
