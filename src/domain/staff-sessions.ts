import { createHmac, randomBytes } from 'node:crypto';
import type { EnterpriseStore } from './enterprise-store.ts';
import { UnauthorizedError } from './errors.ts';
import type { EnterpriseId, StaffId } from './model.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { normalizeEmail } from './staff.ts';
import { authorizeStaff, secretsEqual, staffMayAct } from './tenancy.ts';
import { sandboxNowUtc, type SandboxContext } from './sandbox-clock.ts';
import type { UtcSeconds } from './time.ts';

/** An employee of an enterprise, as the enterprise side shows them. */
export interface StaffMember {
  readonly id: string;
  readonly enterpriseId: EnterpriseId;
  readonly enterpriseName: string;
  readonly email: string;
  readonly name: string;
  /** The sandbox of their enterprise, whose clock and seed what they do follows; absent or null outside sandboxes. */
  readonly sandbox?: SandboxContext | null;
}

export interface StaffSession {
  /** The bearer secret: 256 random bits. */
  readonly token: string;
  readonly staff: StaffMember;
  readonly expiresUtc: UtcSeconds;
}

/** How long a session lasts from sign-in: one working day and a bit. */
export const SESSION_LIFETIME_S = 12 * 60 * 60;

const WRONG_CREDENTIALS = 'Invalid Email or Password.';

// Checked when the email is unknown, so that an unknown email costs the same scrypt work as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * `sessions/add`: checks the credentials and opens a session, from now on the clock of the staff member's sandbox.
 *
 * @throws UnauthorizedError for an unknown email, a wrong password or a disabled enterprise, with the same message
 *   for all three, after the same work.
 */
export async function signIn(
  store: EnterpriseStore,
  credentials: { email: string; password: string },
  at?: UtcSeconds,
): Promise<StaffSession> {
  const found = await store.findStaffByEmail(normalizeEmail(credentials.email));
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const matches = await verifyPassword(credentials.password, found?.passwordHash ?? (await decoyHash));
  if (!found || !matches || !staffMayAct(found)) throw new UnauthorizedError(WRONG_CREDENTIALS);
  const now = at ?? sandboxNowUtc(found.staff.sandbox);
  await store.deleteExpiredStaffSessions(now, found.staff.sandbox?.id ?? null);
  const session: StaffSession = {
    token: randomBytes(32).toString('base64url'),
    staff: found.staff,
    expiresUtc: now + SESSION_LIFETIME_S,
  };
  await store.insertStaffSession({ token: session.token, staffId: found.staff.id, createdUtc: now, expiresUtc: session.expiresUtc });
  return session;
}

/**
 * The staff member a session token lets act (see `authorizeStaff`), at `now` or else on their sandbox's clock.
 *
 * @throws UnauthorizedError when the token is unknown, expired or signed out, or the enterprise is disabled.
 */
export async function authenticateStaff(store: EnterpriseStore, token: string, now?: UtcSeconds): Promise<StaffMember> {
  const session = token ? await store.findStaffSession(token) : undefined;
  return authorizeStaff(session, now ?? sandboxNowUtc(session?.staff.sandbox));
}

/**
 * A change that ends staff sessions: a sign-out ends one, a staff member's removal theirs, an enterprise disabled
 * those of all its staff. (Expiry is no change: it is a session's own `expiresUtc` passing.)
 */
export type SessionsEnd =
  | { readonly kind: 'signedOut'; readonly token: string }
  | { readonly kind: 'staffRemoved'; readonly staffId: StaffId }
  | { readonly kind: 'enterpriseDisabled'; readonly enterpriseId: EnterpriseId };

/** Whether `end` ends the session of `token`, held by `staff`. */
export function endsSession(end: SessionsEnd, session: { readonly token: string; readonly staff: StaffMember }): boolean {
  switch (end.kind) {
    case 'signedOut':
      return end.token === session.token;
    case 'staffRemoved':
      return end.staffId === session.staff.id;
    case 'enterpriseDisabled':
      return end.enterpriseId === session.staff.enterpriseId;
  }
}

/** `sessions/remove`: the token answers 401 from then on. */
export async function signOut(store: EnterpriseStore, token: string): Promise<void> {
  await store.deleteStaffSession(token);
}

/**
 * The anti-CSRF token of a session: derived from the session token (which a cross-site page can neither read nor
 * guess), so the server keeps no second secret, yet knowing it reveals nothing of the session token.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('anti-csrf').digest('base64url');
}

export function isValidCsrfToken(sessionToken: string, presented: string | undefined): boolean {
  return presented !== undefined && secretsEqual(csrfTokenFor(sessionToken), presented);
}
