import { Command, InvalidArgumentError } from 'commander';
import { FAULT_OPERATIONS, FAULT_STATUSES, MAX_FAULT_DELAY_MS } from '../domain/faults.ts';
import { againstServer, leaf, parseWholeNumber, type ServerOptions } from './sandbox.ts';

/** A number as JSON writes one (`0.25`, `1`); the server checks its range. */
function parseNumber(value: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('expected a number such as 0.25.');
  return Number(value);
}

interface AddOptions extends ServerOptions {
  sandbox: string;
  operation: string;
  accessToken?: string;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  drop?: boolean;
  count?: number;
  probability?: number;
  afterCommit?: boolean;
}

/** `fault …`: the faults a sandbox's Connector requests meet, through the admin API of a running server. */
export function faultCommands(): Command {
  const fault = new Command('fault').description(
    'Injected faults of a sandbox on a running server (its admin API): errors, delays and dropped connections its Connector requests meet.',
  );

  leaf(fault, 'add', 'Add a fault; the oldest matching fault of the sandbox fires. It must do something: --status, --drop or --delay-ms.')
    .requiredOption('--sandbox <id>', 'the sandbox\'s id')
    .requiredOption('--operation <operation>', `the Connector operation: ${FAULT_OPERATIONS.join(', ')} (* is every one)`)
    .option('--access-token <token>', 'only requests with this AccessToken, one of the sandbox\'s')
    .option('--status <status>', `answer with this error status: ${FAULT_STATUSES.join(', ')}`, parseWholeNumber)
    .option('--retry-after <seconds>', 'the Retry-After of a 429 (1 by default)', parseWholeNumber)
    .option('--delay-ms <ms>', `wait this long first, up to ${MAX_FAULT_DELAY_MS} ms (alone: delays the normal answer)`, parseWholeNumber)
    .option('--drop', 'close the connection without an answer (not with --status)')
    .option('--count <n>', 'fail the next n matching requests only (until removed by default)', parseWholeNumber)
    .option('--probability <p>', 'the chance, 0 to 1, that a matching request meets it; drawn from the sandbox\'s seed if it has one', parseNumber)
    .option('--after-commit', 'do the request\'s work and commit it, then answer the fault instead')
    .action(
      againstServer('faults/add', (options: AddOptions) => ({
        SandboxId: options.sandbox,
        Operation: options.operation,
        AccessToken: options.accessToken,
        Status: options.status,
        RetryAfterS: options.retryAfter,
        DelayMs: options.delayMs,
        Drop: options.drop,
        Count: options.count,
        Probability: options.probability,
        AfterCommit: options.afterCommit,
      })),
    );

  leaf(fault, 'list', 'List a sandbox\'s faults, oldest first, with how many times each fired.')
    .requiredOption('--sandbox <id>', 'the sandbox\'s id')
    .action(againstServer('faults/getAll', (options: ServerOptions & { sandbox: string }) => ({ SandboxId: options.sandbox })));

  leaf(fault, 'remove', 'Remove a fault: it fires no more.')
    .requiredOption('--id <id>', 'the fault\'s id')
    .action(againstServer('faults/remove', (options: ServerOptions & { id: string }) => ({ FaultId: options.id })));

  return fault;
}
