import { Command } from 'commander';
import { addPortfolioAccessToken, listPortfolioAccessTokens, revokePortfolioAccessToken } from '../../domain/portfolio-access-tokens.ts';
import { toPortfolioAccessTokenDto } from '../../http/shared/schemas/portfolio-access-token.ts';
import { leafCommand, againstDatabase, collect, type OutputOptions } from './command.ts';

export function portfolioAccessTokensCommand(): Command {
  const tokens = new Command('portfolio-access-tokens').description(
    'Portfolio access tokens of an application over several of its enterprises: add, list, revoke.',
  );

  leafCommand(tokens, 'add', 'Add a portfolio access token over enterprises the application has integrations with.')
    .requiredOption('--application <id>', 'the application\'s id')
    .requiredOption('--enterprise <id>', 'an enterprise\'s id; repeat for each', collect)
    .action(
      againstDatabase(async (store, options: OutputOptions & { application: string; enterprise: string[] }) => {
        const token = await addPortfolioAccessToken(store, { applicationId: options.application, enterpriseIds: options.enterprise });
        return { PortfolioAccessToken: toPortfolioAccessTokenDto(token) };
      }),
    );

  leafCommand(tokens, 'list', 'List an application\'s portfolio access tokens, revoked ones included.')
    .requiredOption('--application <id>', 'the application\'s id')
    .action(
      againstDatabase(async (store, options: OutputOptions & { application: string }) => ({
        PortfolioAccessTokens: (await listPortfolioAccessTokens(store, options.application)).map(toPortfolioAccessTokenDto),
      })),
    );

  leafCommand(tokens, 'revoke', 'Revoke a portfolio access token: it answers 401 from then on.')
    .requiredOption('--id <id>', 'the portfolio access token\'s id')
    .action(
      againstDatabase(async (store, options: OutputOptions & { id: string }) => ({
        PortfolioAccessToken: toPortfolioAccessTokenDto(await revokePortfolioAccessToken(store, options.id)),
      })),
    );

  return tokens;
}
