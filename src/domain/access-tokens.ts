import type { AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import { requireIntegration } from './integrations.ts';
import type { AccessToken, EnterpriseId, IntegrationId } from './model.ts';
import { nowUtc, type UtcSeconds } from './time.ts';
import { newToken } from './tokens.ts';

/** The most enterprises one (portfolio) access token can cover. */
export const MAX_TOKEN_ENTERPRISES = 1000;

export interface AccessTokenAddInput {
  readonly integrationId: IntegrationId;
  /** One enterprise, or several for a portfolio access token. */
  readonly enterpriseIds: readonly EnterpriseId[];
}

/** `accessTokens/add`: a fresh token connecting an integration to one or more existing enterprises. */
export async function addAccessToken(
  store: AdminStore,
  input: AccessTokenAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<AccessToken> {
  // Sorted, as the store lists them: a token's scope is a set.
  const enterpriseIds = [...new Set(input.enterpriseIds)].sort();
  if (enterpriseIds.length === 0) throw new InvalidParameterError('EnterpriseIds', 'must have at least 1 item(s).');
  if (enterpriseIds.length > MAX_TOKEN_ENTERPRISES) {
    throw new InvalidParameterError('EnterpriseIds', `must have at most ${MAX_TOKEN_ENTERPRISES} items.`);
  }
  return store.administer(async (writer) => {
    await requireIntegration(writer, input.integrationId);
    const found = await writer.findEnterprises(enterpriseIds);
    if (found.length !== enterpriseIds.length) throw new InvalidParameterError('EnterpriseIds');
    const token: AccessToken = {
      id: newId(),
      value: newToken(),
      integrationId: input.integrationId,
      enterpriseIds,
      createdUtc: now,
      revokedUtc: null,
    };
    await writer.insertAccessToken(token);
    return token;
  });
}

/** `accessTokens/getAll`: an integration's tokens, revoked ones included, oldest first. */
export async function listAccessTokens(store: AdminStore, integrationId: IntegrationId): Promise<AccessToken[]> {
  await requireIntegration(store, integrationId);
  return store.listAccessTokens(integrationId);
}

/**
 * `accessTokens/revoke`: from now on the token answers 401. Revoking a revoked token changes nothing.
 *
 * @throws InvalidParameterError `Invalid AccessToken` when no token has that value.
 */
export async function revokeAccessToken(
  store: AdminStore,
  value: string,
  now: UtcSeconds = nowUtc(),
): Promise<AccessToken> {
  return store.administer(async (writer) => {
    const token = await writer.findAccessToken(value);
    if (!token) throw new InvalidParameterError('AccessToken');
    if (token.revokedUtc !== null) return token;
    await writer.revokeAccessToken(token.id, now);
    return { ...token, revokedUtc: now };
  });
}
