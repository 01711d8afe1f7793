import { Command } from 'commander';
import { againstServer, leaf, parseWholeNumber, type ServerOptions } from './sandbox.ts';

type ClockOptions = ServerOptions & { sandbox: string };

/** `clock …`: a sandbox's clock, through the admin API of a running server. */
export function clockCommands(): Command {
  const clock = new Command('clock').description(
    'The clock of a sandbox on a running server (its admin API): set, advance, resume real time, get.',
  );
  const sandboxOption = (command: Command) => command.requiredOption('--sandbox <id>', 'the sandbox\'s id');

  sandboxOption(leaf(clock, 'set', 'Set the sandbox\'s time, running on from it or frozen there.'))
    .requiredOption('--now <utc>', 'the time to set, YYYY-MM-DDThh:mm:ssZ')
    .option('--frozen', 'stand still at it until set or advanced again')
    .action(
      againstServer('clock/set', (options: ClockOptions & { now: string; frozen?: boolean }) => ({
        SandboxId: options.sandbox,
        NowUtc: options.now,
        Frozen: options.frozen ?? false,
      })),
    );

  sandboxOption(leaf(clock, 'advance', 'Move the sandbox\'s time ahead, frozen or running.'))
    .requiredOption('--seconds <seconds>', 'whole seconds, at least 1', parseWholeNumber)
    .action(againstServer('clock/advance', (options: ClockOptions & { seconds: number }) => ({ SandboxId: options.sandbox, Seconds: options.seconds })));

  sandboxOption(leaf(clock, 'resume', 'Put the sandbox back on real time.')).action(
    againstServer('clock/resume', (options: ClockOptions) => ({ SandboxId: options.sandbox })),
  );

  sandboxOption(leaf(clock, 'get', 'Print the sandbox\'s time and how its clock runs.')).action(
    againstServer('clock/get', (options: ClockOptions) => ({ SandboxId: options.sandbox })),
  );

  return clock;
}
