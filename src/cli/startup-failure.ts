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

/**
 * Ends the process with one line on stderr and the failure's exit code when `error` is one of the expected ways a start
 * fails: the port cannot be listened on, or the database cannot be used. Anything else is rethrown, stack and all.
 */
export function exitOnStartupFailure(error: unknown): never {
  if (error instanceof DatabaseStartError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_DATABASE_UNUSABLE);
  }
  if (isListenError(error)) {
    const where = `${error.address ?? '?'}:${error.port ?? '?'}`;
    process.stderr.write(`Cannot listen on ${where} (${error.code}): ${LISTEN_ERRORS[error.code] ?? (error as unknown as Error).message}\n`);
    process.exit(EXIT_CANNOT_LISTEN);
  }
  throw error;
}
