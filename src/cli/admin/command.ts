import { Command, InvalidArgumentError } from 'commander';
import type { AdminStore } from '../../domain/admin-store.ts';
import { configOrExit } from '../config-or-exit.ts';
import { formatResult } from '../output.ts';

export interface OutputOptions {
  readonly json?: boolean;
}

/** A command of `admin <resource>`, with `--json` like every other. */
export function leafCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--json', 'print the admin API\'s JSON answer instead of a table');
}

/**
 * The action of an admin command: runs `operation` against the database of DATABASE_URL (brought up to date first;
 * demo tenants are never seeded from here) and prints the admin API's body for it, as JSON or for people. A bad input
 * (an unknown id, an invalid value) ends the process with exit code 1 and one line on stderr.
 */
export function againstDatabase<Options extends OutputOptions>(
  operation: (store: AdminStore, options: Options) => Promise<Record<string, unknown>>,
): (options: Options) => Promise<void> {
  return async (options) => {
    const config = await configOrExit();
    // Loaded only when a command runs: `--help` and usage errors need no database driver.
    const { openStore } = await import('../../store/store.ts');
    const store = openStore({ url: config.DATABASE_URL, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
    try {
      await store.migrate();
      const body = await operation(store, options);
      process.stdout.write(options.json ? `${JSON.stringify(body, null, 2)}\n` : formatResult(body));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exitCode = 1;
    } finally {
      await store.close();
    }
  };
}

/** `--enabled true|false`. */
export function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('expected true or false.');
}

/** An option that may be repeated, collected into a list: `--enterprise A --enterprise B`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
