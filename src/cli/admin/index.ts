import { Command } from 'commander';
import { enterprisesCommand } from './enterprises.ts';
import { integrationsCommand } from './integrations.ts';
import { staffCommand } from './staff.ts';
import { tokensCommand } from './tokens.ts';

/** `admin …`: the admin API's operations, straight against the database of DATABASE_URL (no server needed). */
export function adminCommands(): Command {
  return new Command('admin')
    .description('Manage enterprises, integrations, access tokens and staff in the database of DATABASE_URL (no server needed).')
    .addCommand(enterprisesCommand())
    .addCommand(integrationsCommand())
    .addCommand(tokensCommand())
    .addCommand(staffCommand());
}
