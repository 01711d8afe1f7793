import { timingSafeEqual } from 'node:crypto';
import { InvalidParameterError, UnauthorizedError } from './errors.ts';
import type { AccessScope, ApplicationId, EnterpriseId, IntegrationState, MessageThreadId, SandboxId } from './model.ts';
import { sandboxNowUtc, type SandboxContext } from './sandbox-clock.ts';
import type { StaffMember } from './staff-sessions.ts';
import type { MessagingStore, MessagingWriter } from './store.ts';
import type { UtcSeconds } from './time.ts';

/**
 * Who sees what: every rule of tenancy is decided here, from facts the store reports (a grant's flags, a session's
 * expiry, an enterprise's `isEnabled`). There are two kinds of callers:
 *
 * - an application, through the Connector API, with an integration's access token or a portfolio one (`authorize` →
 *   `AccessScope`): it sees the threads it created, in the enterprises its token reaches (`connectorVisibility`);
 * - a staff member, through the enterprise API, with a session (`authorizeStaff` → `StaffMember`): they see every
 *   thread of their enterprise, whichever application created it (`staffVisibility`), while it is enabled.
 *
 * The store applies a `MessageThreadVisibility` to every read of threads in one function (`visibleMessageThreads` in
 * `src/store/repositories/message-thread.repository.ts`) and decides nothing itself.
 */

/**
 * Which threads a caller may see: those in `enterpriseIds`, and, when `applicationId` is given, only those that
 * application created (the Connector API). Without it, the threads of every application (the enterprise's staff).
 * Made only by `connectorVisibility`, `staffVisibility` and `enterpriseSideVisibility`.
 */
export interface MessageThreadVisibility {
  readonly enterpriseIds: readonly EnterpriseId[];
  readonly applicationId?: ApplicationId;
}

/** Threads named by id, of those the caller may see. */
export interface MessageThreadSelection extends MessageThreadVisibility {
  readonly messageThreadIds: readonly MessageThreadId[];
}

/**
 * An access token as stored, with what it grants; the store finds it by the hash of its value. An integration's token
 * names its one enterprise; a portfolio token names several, each with the application's integration there (null: none).
 */
export interface AccessTokenGrant {
  /** The integration's id, or the portfolio access token's. */
  readonly id: string;
  readonly value: string;
  /** A revoked portfolio token; an integration's replaced or removed token is not found at all. */
  readonly isRevoked: boolean;
  readonly application: { readonly id: ApplicationId; readonly clientToken: string; readonly isEnabled: boolean };
  /** The sandbox the token's application belongs to; null for an operator's own tenants. */
  readonly sandboxId: SandboxId | null;
  /** Whether that sandbox has faults (see `faults.ts`), so that a request of one without any reads nothing more. */
  readonly sandboxHasFaults: boolean;
  /** That sandbox's clock and seed, read with the grant; absent or null outside sandboxes. */
  readonly sandbox?: SandboxContext | null;
  readonly enterprises: readonly {
    readonly id: EnterpriseId;
    readonly isEnabled: boolean;
    readonly integrationState: IntegrationState | null;
  }[];
}

/** A staff session as stored, found by the hash of its token: its staff member and what decides whether they may act. */
export interface StaffSessionGrant {
  readonly staff: StaffMember;
  readonly expiresUtc: UtcSeconds;
  readonly enterpriseIsEnabled: boolean;
}

/** Compares secrets in time independent of where they differ (only their length can show). */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const INVALID_TOKENS = 'Invalid ClientToken or AccessToken.';

/**
 * Checks a request's tokens against the stored grant (CONTRACT.md, "Errors", 401): an unknown or revoked access token,
 * a ClientToken of another application, a disabled application, or no enterprise left in reach: a token reaches an
 * enterprise while the enterprise is enabled and the application's integration with it is `Enabled`.
 */
export function authorize(
  grant: AccessTokenGrant | undefined,
  credentials: { clientToken: string; accessToken: string },
): AccessScope {
  const tokensMatch =
    grant !== undefined &&
    secretsEqual(grant.value, credentials.accessToken) &&
    secretsEqual(grant.application.clientToken, credentials.clientToken);
  if (!grant || !tokensMatch || grant.isRevoked) throw new UnauthorizedError(INVALID_TOKENS);
  if (!grant.application.isEnabled) throw new UnauthorizedError('The application is disabled.');
  const integrated = grant.enterprises.filter((e) => e.integrationState === 'Enabled');
  if (integrated.length === 0) throw new UnauthorizedError('The integration is disabled or canceled.');
  const enterpriseIds = integrated.filter((e) => e.isEnabled).map((e) => e.id);
  if (enterpriseIds.length === 0) throw new UnauthorizedError('The enterprise is disabled.');
  const scope = { accessTokenId: grant.id, applicationId: grant.application.id, enterpriseIds };
  return grant.sandbox ? { ...scope, sandbox: grant.sandbox } : scope;
}

/**
 * `store.write` for a Connector request of `scope`. The grant was read before the transaction; in a sandbox, the write
 * first holds it (`MessagingWriter.holdSandbox`), and a sandbox removed since has taken the token with it: the request
 * is then answered as its token now would be (401), and writes nothing.
 */
export function writeInScope<T>(
  store: Pick<MessagingStore, 'write'>,
  scope: AccessScope,
  work: (writer: MessagingWriter) => Promise<T>,
): Promise<T> {
  return store.write(async (writer) => {
    if (scope.sandbox && !(await writer.holdSandbox(scope.sandbox.id))) throw new UnauthorizedError(INVALID_TOKENS);
    return work(writer);
  });
}

/** Staff act for their enterprise only while it is enabled: a disabled one's staff can neither sign in nor use a session. */
export function staffMayAct(account: { readonly enterpriseIsEnabled: boolean }): boolean {
  return account.enterpriseIsEnabled;
}

/**
 * The staff member a session lets act at `now`.
 *
 * @throws UnauthorizedError when there is no such session, it has expired (at `expiresUtc` itself), or the
 *   enterprise is disabled; with one message for all, which tells nothing about which.
 */
export function authorizeStaff(session: StaffSessionGrant | undefined, now: UtcSeconds): StaffMember {
  if (!sessionLetsAct(session, now)) throw new UnauthorizedError('Invalid or expired session; sign in again.');
  return session.staff;
}

/** Whether a session lets its staff member act at `now` (by default, on their sandbox's clock): it exists, has not expired, and the enterprise is enabled. */
export function sessionLetsAct(session: StaffSessionGrant | undefined, now?: UtcSeconds): session is StaffSessionGrant {
  now ??= sandboxNowUtc(session?.staff.sandbox);
  return session !== undefined && session.expiresUtc > now && staffMayAct(session);
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

/**
 * The threads an access scope sees through the Connector API: the application's own, in the enterprises of the scope
 * that the request names (`narrowEnterpriseIds`), or in all of them.
 *
 * @throws InvalidParameterError `Invalid EnterpriseIds` when a requested enterprise is outside the scope.
 */
export function connectorVisibility(
  scope: AccessScope,
  requested?: readonly EnterpriseId[] | null,
): MessageThreadVisibility {
  return { applicationId: scope.applicationId, enterpriseIds: narrowEnterpriseIds(scope, requested) };
}

/** What a staff member may see: every thread of their enterprise, whichever application created it. */
export function staffVisibility(staff: StaffMember): MessageThreadVisibility {
  return enterpriseSideVisibility(staff.enterpriseId);
}

/** What an enterprise's side sees: its staff, or the admin API acting for a sandbox's hotel. */
export function enterpriseSideVisibility(enterpriseId: EnterpriseId): MessageThreadVisibility {
  return { enterpriseIds: [enterpriseId] };
}
