import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { EnvironmentSchema } from '../../src/config/config.ts';

/** The CLI as users run it: `npx connector-messaging …` runs this file. */
export const CLI = fileURLToPath(new URL('../../bin/connector-messaging.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const SETTINGS = new Set(Object.keys(EnvironmentSchema.properties));

/** The environment of a child process: this one's without any of the server's settings, plus `env`. */
function childEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SETTINGS.has(key)));
  return { ...inherited, ...env };
}

/** Runs `connector-messaging <args>` in a new process, with `input` on its standard input. */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnvironment(env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export interface ServerProcess {
  readonly url: string;
  /** Stops the server (SIGTERM) and resolves with everything it wrote. */
  stop(): Promise<string>;
}

/** Runs `connector-messaging serve` on a free port and resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve'], { env: childEnvironment({ PORT: '0', ...env }), stdio: 'pipe' });
    let output = '';
    let listening = false;
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && !listening) {
        listening = true;
        resolve({
          url,
          async stop() {
            child.kill('SIGTERM');
            await exited;
            return output;
          },
        });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!listening) reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    });
  });
}

/** The JSON a successful `--json` command printed. */
export function json(result: CliResult): any {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** Asserts a failure: exit code 1, nothing on stdout, and exactly this one line on stderr. */
export function expectOneLineError(result: CliResult, line: string): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`${line}\n`);
}

/** `Key  value` lines printed for one object. */
export function record(result: CliResult): Record<string, string> {
  expect(result.code).toBe(0);
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split(/ {2,}/) as [string, string]));
}

/** A printed table: the header's columns, then one array of cells per row. */
export function table(result: CliResult): string[][] {
  expect(result.code).toBe(0);
  return result.stdout.trim().split('\n').map((line) => line.split(/ {2,}/));
}
