import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { ForbiddenError, UnauthorizedError } from '../../domain/errors.ts';
import { authenticateStaff, isValidCsrfToken, type StaffMember } from '../../domain/staff-sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every authenticated enterprise API request before its handler runs. */
    staff: StaffMember;
    /** The session token the request was authenticated with. */
    sessionToken: string;
  }
  interface FastifyContextConfig {
    /** `none`: the route needs no session (signing in); `session`: a session, but no anti-CSRF header even by cookie. */
    staffAuthentication?: 'none' | 'session';
  }
}

/** The session cookie: HttpOnly, SameSite=Strict, sent only to the enterprise API. */
export const SESSION_COOKIE = 'inbox_session';
/** The header that must carry the session's CsrfToken when the request is authenticated by the cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/** The token of `Authorization: Bearer <token>`; undefined without the header, 401 for another scheme. */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError('Invalid Authorization header: expected `Bearer <SessionToken>`.');
  return match[1];
}

/** The session's token, from the Authorization header or else the cookie, with whether it came by cookie. */
export function presentedSession(request: FastifyRequest): { token: string; byCookie: boolean } | undefined {
  const bearer = bearerToken(request);
  if (bearer !== undefined) return { token: bearer, byCookie: false };
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, byCookie: true } : undefined;
}

/**
 * The enterprise API's guard: a staff session by `Authorization: Bearer` or by cookie (401 otherwise). A browser
 * attaches the cookie on its own, so a POST authenticated by it must also carry the session's anti-CSRF token in the
 * `X-CSRF-Token` header (403 otherwise), which a page of another site cannot read; SameSite=Strict is the second line.
 */
export const staffAuthentication = fp(
  async function staffAuthentication(app: FastifyInstance, options: { store: EnterpriseStore }) {
    app.decorateRequest('staff', null as unknown as StaffMember);
    app.decorateRequest('sessionToken', '');
    app.addHook('onRequest', async function authenticate(request) {
      const requirement = request.routeOptions.config.staffAuthentication;
      if (requirement === 'none') return;
      const session = presentedSession(request);
      if (!session) throw new UnauthorizedError('Sign in first: send `Authorization: Bearer <SessionToken>` or the session cookie.');
      request.staff = await authenticateStaff(options.store, session.token);
      request.sessionToken = session.token;
      const needsCsrf = session.byCookie && request.method !== 'GET' && requirement !== 'session';
      const presented = request.headers[CSRF_HEADER];
      if (needsCsrf && !isValidCsrfToken(session.token, typeof presented === 'string' ? presented : undefined)) {
        throw new ForbiddenError('Missing or invalid X-CSRF-Token header: send the CsrfToken of your session with cookie-authenticated requests.');
      }
    });
  },
  { name: 'staff-authentication' },
);
