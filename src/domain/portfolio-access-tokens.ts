import type { AdminStore } from './admin-store.ts';
import { requireApplication } from './applications.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { ApplicationId, EnterpriseId, PortfolioAccessToken, PortfolioAccessTokenId } from './model.ts';
import { nowUtc, type UtcSeconds } from './time.ts';
import { newToken } from './tokens.ts';

/** The most enterprises one portfolio access token can cover. */
export const MAX_TOKEN_ENTERPRISES = 1000;

export interface PortfolioAccessTokenAddInput {
  readonly applicationId: ApplicationId;
  readonly enterpriseIds: readonly EnterpriseId[];
}

/**
 * `portfolioAccessTokens/add`: a fresh token of an application over several of its enterprises, each of which must
 * have an integration of the application (`Invalid EnterpriseIds` otherwise).
 */
export async function addPortfolioAccessToken(
  store: AdminStore,
  input: PortfolioAccessTokenAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<PortfolioAccessToken> {
  // Sorted, as the store lists them: a token's scope is a set.
  const enterpriseIds = [...new Set(input.enterpriseIds)].sort();
  if (enterpriseIds.length === 0) throw new InvalidParameterError('EnterpriseIds', 'must have at least 1 item(s).');
  if (enterpriseIds.length > MAX_TOKEN_ENTERPRISES) {
    throw new InvalidParameterError('EnterpriseIds', `must have at most ${MAX_TOKEN_ENTERPRISES} items.`);
  }
  return store.administer(async (writer) => {
    await requireApplication(writer, input.applicationId);
    const integrated = new Set((await writer.listIntegrations({ applicationId: input.applicationId })).map((i) => i.enterpriseId));
    if (enterpriseIds.some((id) => !integrated.has(id))) throw new InvalidParameterError('EnterpriseIds');
    const token: PortfolioAccessToken = {
      id: newId(),
      value: newToken(),
      applicationId: input.applicationId,
      enterpriseIds,
      createdUtc: now,
      revokedUtc: null,
    };
    await writer.insertPortfolioAccessToken(token);
    return token;
  });
}

/** `portfolioAccessTokens/getAll`: an application's portfolio tokens, revoked ones included, oldest first. */
export async function listPortfolioAccessTokens(store: AdminStore, applicationId: ApplicationId): Promise<PortfolioAccessToken[]> {
  await requireApplication(store, applicationId);
  return store.listPortfolioAccessTokens(applicationId);
}

/**
 * `portfolioAccessTokens/revoke`: from now on the token answers 401. Revoking a revoked token changes nothing.
 *
 * @throws InvalidParameterError `Invalid PortfolioAccessTokenId` when there is no such token.
 */
export async function revokePortfolioAccessToken(
  store: AdminStore,
  id: PortfolioAccessTokenId,
  now: UtcSeconds = nowUtc(),
): Promise<PortfolioAccessToken> {
  return store.administer(async (writer) => {
    const token = await writer.findPortfolioAccessToken(id);
    if (!token) throw new InvalidParameterError('PortfolioAccessTokenId');
    if (token.revokedUtc !== null) return token;
    await writer.revokePortfolioAccessToken(token.id, now);
    return { ...token, revokedUtc: now };
  });
}
