import cluster from 'node:cluster';
import { DatabaseStartError } from '../database-start.ts';

/** Exit codes of a server that could not start, as the README's "Operating it" lists them. */
export const EXIT_INVALID_CONFIGURATION = 2;
export const EXIT_CANNOT_LISTEN = 3;
export const EXIT_DATABASE_UNUSABLE = 4;

/** What the listening socket's errors mean, in words. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is in use; set PORT to another one, or stop what listens there',
  EACCES: 'permission denied; ports below 1024 need privileges, set PORT to a higher one',
  EADDRNOTAVAIL: 'the address is not one of this machine\'s; set HOST to one of them',
};

interface ListenError {
  readonly code: string;
  readonly syscall: 'listen' | 'bind';
  readonly address?: string;
  readonly port?: number;
}

function isListenError(error: unknown): error is ListenError {
  const { syscall, code } = error as Partial<ListenError>;
  return error instanceof Error && (syscall === 'listen' || syscall === 'bind') && typeof code === 'string';
}

/** The line and exit code of an expected start-up failure: the port cannot be listened on, or the database cannot be used. */
function startupFailure(error: unknown): { readonly line: string; readonly exitCode: number } | undefined {
  if (error instanceof DatabaseStartError) return { line: error.message, exitCode: EXIT_DATABASE_UNUSABLE };
  if (isListenError(error)) {
    const where = `${error.address ?? '?'}:${error.port ?? '?'}`;
    const reason = LISTEN_ERRORS[error.code] ?? (error as unknown as Error).message;
    return { line: `Cannot listen on ${where} (${error.code}): ${reason}`, exitCode: EXIT_CANNOT_LISTEN };
  }
  return undefined;
}

/**
 * Ends the process with one line on stderr and the failure's exit code when `error` is an expected start-up failure;
 * anything else is rethrown, stack and all. A cluster's worker hands the line to its primary instead, which writes the
 * first one only: every worker meets the same failure.
 */
export async function exitOnStartupFailure(error: unknown): Promise<never> {
  const failure = startupFailure(error);
  if (!failure) throw error;
  if (cluster.isWorker) {
    const { tellPrimaryStartupFailure } = await import('../cluster.ts');
    await tellPrimaryStartupFailure(failure.line);
  } else {
    process.stderr.write(`${failure.line}\n`);
  }
  process.exit(failure.exitCode);
}
