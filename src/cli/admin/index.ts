import { Command } from 'commander';
import { applicationsCommand } from './applications.ts';
import { enterprisesCommand } from './enterprises.ts';
import { integrationsCommand } from './integrations.ts';
import { portfolioAccessTokensCommand } from './portfolio-access-tokens.ts';
import { staffCommand } from './staff.ts';

/** `admin …`: the admin API's operations, straight against the database of DATABASE_URL (no server needed). */
export function adminCommands(): Command {
  return new Command('admin')
    .description(
      'Manage enterprises, applications, integrations, portfolio access tokens and staff in the database of DATABASE_URL (no server needed).',
    )
    .addCommand(enterprisesCommand())
    .addCommand(applicationsCommand())
    .addCommand(integrationsCommand())
    .addCommand(portfolioAccessTokensCommand())
    .addCommand(staffCommand());
}
