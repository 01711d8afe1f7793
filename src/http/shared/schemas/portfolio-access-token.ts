import { Type, type Static } from 'typebox';
import type { PortfolioAccessToken as DomainPortfolioAccessToken } from '../../../domain/model.ts';
import { formatUtc } from '../../../domain/time.ts';
import { Nullable, UtcDateTime, Uuid } from './primitives.ts';

/** A portfolio access token as the admin API and the CLI's `--json` show it: its schema and its one mapping. */
export const PortfolioAccessToken = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the portfolio access token.' },
  ApplicationId: Uuid,
  EnterpriseIds: Type.Array(Uuid, {
    description: 'The enterprises it names; it reaches those where the application\'s integration is Enabled.',
  }),
  Value: Type.String({ description: 'The token the application sends as AccessToken.' }),
  CreatedUtc: UtcDateTime,
  RevokedUtc: Nullable({ ...UtcDateTime, description: 'When it was revoked; null while it is valid.' }),
});
export type PortfolioAccessToken = Static<typeof PortfolioAccessToken>;

export function toPortfolioAccessTokenDto(token: DomainPortfolioAccessToken): PortfolioAccessToken {
  return {
    Id: token.id,
    ApplicationId: token.applicationId,
    EnterpriseIds: [...token.enterpriseIds],
    Value: token.value,
    CreatedUtc: formatUtc(token.createdUtc),
    RevokedUtc: token.revokedUtc === null ? null : formatUtc(token.revokedUtc),
  };
}
