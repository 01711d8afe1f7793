import { timingSafeEqual } from 'node:crypto';
import { InvalidParameterError, UnauthorizedError } from './errors.ts';
import type { AccessScope, EnterpriseId, IntegrationId } from './model.ts';

/** An access token as stored, with what it grants; the store finds it by the hash of its value. */
export interface AccessTokenGrant {
  readonly id: string;
  readonly value: string;
  readonly isRevoked: boolean;
  readonly integration: { readonly id: IntegrationId; readonly clientToken: string; readonly isEnabled: boolean };
  readonly enterprises: readonly { readonly id: EnterpriseId; readonly isEnabled: boolean }[];
}

/** Compares secrets in time independent of where they differ (only their length can show). */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a request's tokens against the stored grant (CONTRACT.md, "Errors", 401): an unknown or revoked access token,
 * a ClientToken of another integration, a disabled integration, or no enabled enterprise left in scope.
 */
export function authorize(
  grant: AccessTokenGrant | undefined,
  credentials: { clientToken: string; accessToken: string },
): AccessScope {
  const tokensMatch =
    grant !== undefined &&
    secretsEqual(grant.value, credentials.accessToken) &&
    secretsEqual(grant.integration.clientToken, credentials.clientToken);
  if (!grant || !tokensMatch || grant.isRevoked) throw new UnauthorizedError('Invalid ClientToken or AccessToken.');
  if (!grant.integration.isEnabled) throw new UnauthorizedError('The integration is disabled.');
  const enterpriseIds = grant.enterprises.filter((e) => e.isEnabled).map((e) => e.id);
  if (enterpriseIds.length === 0) throw new UnauthorizedError('The enterprise is disabled.');
  return { accessTokenId: grant.id, integrationId: grant.integration.id, enterpriseIds };
}

/**
 * The enterprise a new item goes into. A token with one enterprise implies it (`requested` must then be absent or
 * equal); a portfolio token must name one of its enterprises.
 */
export function resolveEnterpriseId(scope: AccessScope, requested: EnterpriseId | null | undefined): EnterpriseId {
  if (requested == null) {
    if (scope.enterpriseIds.length === 1) return scope.enterpriseIds[0]!;
    throw new InvalidParameterError('EnterpriseId', 'required with a portfolio access token.');
  }
  if (!scope.enterpriseIds.includes(requested)) throw new InvalidParameterError('EnterpriseId');
  return requested;
}

/**
 * The enterprises a get-all operation reads: all in scope, or the requested ones, each of which must be in scope
 * (CONTRACT.md, "Portfolio access": outside the scope is `Invalid EnterpriseIds`, never data).
 */
export function narrowEnterpriseIds(
  scope: AccessScope,
  requested: readonly EnterpriseId[] | null | undefined,
): readonly EnterpriseId[] {
  if (requested == null) return scope.enterpriseIds;
  if (requested.some((id) => !scope.enterpriseIds.includes(id))) throw new InvalidParameterError('EnterpriseIds');
  return [...new Set(requested)];
}
