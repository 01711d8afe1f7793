import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { UnauthorizedError } from '../../domain/errors.ts';
import { normalizeEmail } from '../../domain/staff.ts';
import { csrfTokenFor, SESSION_LIFETIME_S, signIn, signOut } from '../../domain/staff-sessions.ts';
import { formatUtc } from '../../domain/time.ts';
import type { RequestLimiter } from '../shared/rate-limit.ts';
import { sendError } from '../shared/response-contract.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { toStaffDto } from './mappers.ts';
import { CurrentSessionResult, EmptyParameters, EmptyResult, SessionAddParameters, SessionResult } from './schemas.ts';
import { SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_S, SignInThrottle } from './sign-in-throttle.ts';

/** Every failed sign-in is answered this long after it arrived, whatever failed, so timing tells nothing. */
export const FAILED_SIGN_IN_DELAY_MS = 1000;

const tags = ['Sessions'];

export const sessionRoutes: FastifyPluginAsyncTypebox<{ store: EnterpriseStore; cookiePath: string; limiter: RequestLimiter }> = async (
  app,
  { store, cookiePath, limiter },
) => {
  const throttle = new SignInThrottle(limiter);

  app.post(
    '/sessions/add',
    {
      config: { staffAuthentication: 'none' },
      schema: {
        tags,
        operationId: 'sessions_add',
        summary: 'Sign in',
        description: `Signs a staff member in. Sets the session as an HttpOnly, SameSite=Strict cookie and returns it as SessionToken too. Wrong credentials are 401, answered ${FAILED_SIGN_IN_DELAY_MS} ms after the request; after ${SIGN_IN_ATTEMPTS} attempts for one email within ${SIGN_IN_WINDOW_S / 60} minutes, 429 with Retry-After.`,
        body: SessionAddParameters,
        response: { 200: SessionResult, ...errorResponses },
      },
    },
    async function addSession(request, reply) {
      const arrived = Date.now();
      const email = normalizeEmail(request.body.Email);
      const decision = await throttle.attempt(email);
      if (!decision.allowed) {
        reply.header('Retry-After', String(decision.retryAfterS));
        return sendError(reply, 429, `Too many sign-in attempts; retry after ${decision.retryAfterS} s.`);
      }
      try {
        const session = await signIn(store, { email, password: request.body.Password });
        await throttle.succeeded(email);
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: cookiePath,
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          maxAge: SESSION_LIFETIME_S,
        });
        return {
          SessionToken: session.token,
          CsrfToken: csrfTokenFor(session.token),
          ExpiresUtc: formatUtc(session.expiresUtc),
          Staff: toStaffDto(session.staff),
        };
      } catch (error) {
        if (error instanceof UnauthorizedError) await sleep(Math.max(0, FAILED_SIGN_IN_DELAY_MS - (Date.now() - arrived)));
        throw error;
      }
    },
  );

  app.post(
    '/sessions/getCurrent',
    {
      // Reading one's own session changes nothing, and is how a reloaded page learns its CsrfToken.
      config: { staffAuthentication: 'session' },
      schema: {
        tags,
        operationId: 'sessions_getCurrent',
        summary: 'Get the current session',
        description: 'The signed-in staff member and the CsrfToken of the session; 401 when not signed in.',
        body: EmptyParameters,
        response: { 200: CurrentSessionResult, ...errorResponses },
      },
    },
    async function getCurrentSession(request) {
      return { CsrfToken: csrfTokenFor(request.sessionToken), Staff: toStaffDto(request.staff) };
    },
  );

  app.post(
    '/sessions/remove',
    {
      schema: {
        tags,
        operationId: 'sessions_remove',
        summary: 'Sign out',
        description: 'Ends the session: its token and cookie answer 401 from then on.',
        body: EmptyParameters,
        response: { 200: EmptyResult, ...errorResponses },
      },
    },
    async function removeSession(request, reply) {
      await signOut(store, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: cookiePath, httpOnly: true, sameSite: 'strict' });
      return {};
    },
  );
};
