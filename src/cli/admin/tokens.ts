import { Command } from 'commander';
import { addAccessToken, listAccessTokens, revokeAccessToken } from '../../domain/access-tokens.ts';
import { toAccessTokenDto } from '../../http/shared/schemas/access-token.ts';
import { leafCommand, againstDatabase, collect, type OutputOptions } from './command.ts';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('Access tokens connecting an integration to enterprises: add, list, revoke.');

  leafCommand(tokens, 'add', 'Add an access token; several --enterprise make a portfolio access token.')
    .requiredOption('--integration <id>', 'the integration\'s id')
    .requiredOption('--enterprise <id>', 'an enterprise\'s id; repeat for a portfolio access token', collect)
    .action(
      againstDatabase(async (store, options: OutputOptions & { integration: string; enterprise: string[] }) => {
        const token = await addAccessToken(store, { integrationId: options.integration, enterpriseIds: options.enterprise });
        return { AccessToken: toAccessTokenDto(token) };
      }),
    );

  leafCommand(tokens, 'list', 'List an integration\'s access tokens, revoked ones included.')
    .requiredOption('--integration <id>', 'the integration\'s id')
    .action(
      againstDatabase(async (store, options: OutputOptions & { integration: string }) => ({
        AccessTokens: (await listAccessTokens(store, options.integration)).map(toAccessTokenDto),
      })),
    );

  leafCommand(tokens, 'revoke', 'Revoke an access token: it answers 401 from then on.')
    .requiredOption('--token <value>', 'the access token')
    .action(
      againstDatabase(async (store, options: OutputOptions & { token: string }) => ({
        AccessToken: toAccessTokenDto(await revokeAccessToken(store, options.token)),
      })),
    );

  return tokens;
}
