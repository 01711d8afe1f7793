import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI as users run it: `npx connector-messaging …` runs this file. */
export const CLI = fileURLToPath(new URL('../../bin/connector-messaging.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child process: this one's, minus what would change its configuration, plus `env`. */
function childEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['ADMIN_TOKEN', 'MODE', 'DATABASE_URL', 'PORT', 'LOG_LEVEL'].includes(key)),
  );
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
