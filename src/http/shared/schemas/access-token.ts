import { Type, type Static } from 'typebox';
import type { AccessToken as DomainAccessToken } from '../../../domain/model.ts';
import { formatUtc } from '../../../domain/time.ts';
import { Nullable, UtcDateTime, Uuid } from './primitives.ts';

/** An access token as the admin API and the CLI's `--json` show it: its schema and its one mapping from the domain. */
export const AccessToken = Type.Object({
  Value: Type.String({ description: 'The token the integration sends as AccessToken.' }),
  IntegrationId: Uuid,
  EnterpriseIds: Type.Array(Uuid, { description: 'The enterprises it reaches; more than one: a portfolio access token.' }),
  CreatedUtc: UtcDateTime,
  RevokedUtc: Nullable({ ...UtcDateTime, description: 'When it was revoked; null while it is valid.' }),
});
export type AccessToken = Static<typeof AccessToken>;

export function toAccessTokenDto(token: DomainAccessToken): AccessToken {
  return {
    Value: token.value,
    IntegrationId: token.integrationId,
    EnterpriseIds: [...token.enterpriseIds],
    CreatedUtc: formatUtc(token.createdUtc),
    RevokedUtc: token.revokedUtc === null ? null : formatUtc(token.revokedUtc),
  };
}
