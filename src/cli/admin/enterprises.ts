import { Command } from 'commander';
import { addEnterprise, listEnterprises, updateEnterprise } from '../../domain/enterprises.ts';
import { toEnterpriseDto } from '../../http/shared/schemas/enterprise.ts';
import { leafCommand, againstDatabase, parseBoolean, type OutputOptions } from './command.ts';

export function enterprisesCommand(): Command {
  const enterprises = new Command('enterprises').description('Enterprises (properties): add, list, update.');

  leafCommand(enterprises, 'add', 'Add an enabled enterprise.')
    .requiredOption('--name <name>', 'its name')
    .action(
      againstDatabase(async (store, options: OutputOptions & { name: string }) => ({
        Enterprise: toEnterpriseDto(await addEnterprise(store, { name: options.name })),
      })),
    );

  leafCommand(enterprises, 'list', 'List every enterprise, disabled ones included.').action(
    againstDatabase(async (store) => ({ Enterprises: (await listEnterprises(store)).map(toEnterpriseDto) })),
  );

  leafCommand(enterprises, 'update', 'Rename, enable or disable an enterprise.')
    .requiredOption('--id <id>', 'the enterprise\'s id')
    .option('--name <name>', 'its new name')
    .option('--enabled <true|false>', 'enable or disable it (a disabled enterprise\'s tokens answer 401)', parseBoolean)
    .action(
      againstDatabase(async (store, options: OutputOptions & { id: string; name?: string; enabled?: boolean }) => {
        const enterprise = await updateEnterprise(store, {
          enterpriseId: options.id,
          name: options.name,
          isEnabled: options.enabled,
        });
        return { Enterprise: toEnterpriseDto(enterprise) };
      }),
    );

  return enterprises;
}
