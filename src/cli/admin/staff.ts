import { Command } from 'commander';
import { addStaff, listStaff, MIN_PASSWORD_LENGTH, removeStaff } from '../../domain/staff.ts';
import { toStaffDto } from '../../http/shared/schemas/staff.ts';
import { leafCommand, againstDatabase, type OutputOptions } from './command.ts';

/** The password piped in, without the line break that `echo` or a here-string adds. */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

interface StaffAddOptions extends OutputOptions {
  enterprise: string;
  email: string;
  name: string;
  password?: string;
  passwordStdin?: boolean;
}

export function staffCommand(): Command {
  const staff = new Command('staff').description('Staff of enterprises, who sign in to the inbox: add, list, remove.');

  leafCommand(staff, 'add', 'Add a staff member; the password is stored only as a slow salted hash.')
    .requiredOption('--enterprise <id>', 'the enterprise\'s id')
    .requiredOption('--email <email>', 'their email, unique across all enterprises')
    .requiredOption('--name <name>', 'their name')
    .option(
      '--password <password>',
      `their password, at least ${MIN_PASSWORD_LENGTH} characters (visible to other users of this machine: prefer --password-stdin)`,
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(
      againstDatabase(async (store, options: StaffAddOptions) => {
        const password = options.passwordStdin ? await readStandardInput() : options.password;
        if (password === undefined) throw new Error('give the password with --password or --password-stdin.');
        const member = await addStaff(store, {
          enterpriseId: options.enterprise,
          email: options.email,
          password,
          name: options.name,
        });
        return { Staff: toStaffDto(member) };
      }),
    );

  leafCommand(staff, 'list', 'List the staff of one enterprise, or of all.')
    .option('--enterprise <id>', 'only this enterprise\'s staff')
    .action(
      againstDatabase(async (store, options: OutputOptions & { enterprise?: string }) => ({
        StaffMembers: (await listStaff(store, options.enterprise)).map(toStaffDto),
      })),
    );

  leafCommand(staff, 'remove', 'Remove a staff member: they can no longer sign in.')
    .requiredOption('--id <id>', 'the staff member\'s id')
    .action(
      againstDatabase(async (store, options: OutputOptions & { id: string }) => {
        await removeStaff(store, options.id);
        return {};
      }),
    );

  return staff;
}
