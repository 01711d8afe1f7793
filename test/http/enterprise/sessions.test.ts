import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { asStaff, ENTERPRISE, signIn, staffA, staffB } from './staff-client.ts';

describe('enterprise API: sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('signs a seeded staff member in, with an HttpOnly SameSite=Strict cookie', async () => {
    const response = await server.post(`${ENTERPRISE}/sessions/add`, { Email: 'Reception@Enterprise-A.sandbox', Password: 'sandbox' });
    expect(response.status).toBe(200);
    expect(response.body.Staff).toEqual({
      Id: staffA.id,
      EnterpriseId: staffA.enterpriseId,
      EnterpriseName: expect.stringContaining('Enterprise A'),
      Email: staffA.email,
      Name: staffA.name,
    });
    expect(response.body.SessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body.CsrfToken).not.toBe(response.body.SessionToken);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toContain(`inbox_session=${response.body.SessionToken}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/enterprise\/v1/);
    expect(response.headers.get('request-id')).toBeTruthy();
  });

  it('answers a wrong password and an unknown email alike: 401, after the constant delay', async () => {
    const [wrong, unknown] = await Promise.all([
      server.post(`${ENTERPRISE}/sessions/add`, { Email: staffB.email, Password: 'not it' }),
      server.post(`${ENTERPRISE}/sessions/add`, { Email: 'nobody@enterprise-a.sandbox', Password: 'sandbox' }),
    ]);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.Message).toBe(unknown.body.Message);
    expect(wrong.body.RequestId).toBe(wrong.headers.get('request-id'));
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('rejects bad input with 400 naming the parameter', async () => {
    const missing = await server.post(`${ENTERPRISE}/sessions/add`, { Email: staffA.email });
    expect(missing.status).toBe(400);
    expect(missing.body.Message).toBe('Invalid Password: the parameter is required.');
    const typed = await server.post(`${ENTERPRISE}/sessions/add`, { Email: 42, Password: 'sandbox' });
    expect(typed.status).toBe(400);
    expect(typed.body.Message).toMatch(/^Invalid Email/);
    const json = await server.post(`${ENTERPRISE}/sessions/add`, '{"Email": "a",}');
    expect(json.status).toBe(400);
    expect(json.body.Message).toBe('Invalid JSON');
  });

  it('reads the current session by cookie without the anti-CSRF header, and by bearer token', async () => {
    const session = await signIn(server);
    const byCookie = await server.post(`${ENTERPRISE}/sessions/getCurrent`, {}, { cookie: session.cookie });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body).toEqual({ CsrfToken: session.csrf, Staff: session.body.Staff });
    const byBearer = await asStaff(server, session, 'sessions/getCurrent', {});
    expect(byBearer.body.Staff.Email).toBe(staffA.email);
  });

  it('signs out: the token and the cookie answer 401 from then on', async () => {
    const session = await signIn(server);
    const removed = await asStaff(server, session, 'sessions/remove', {});
    expect(removed.status).toBe(200);
    expect(removed.headers.get('set-cookie')).toMatch(/inbox_session=;/);
    expect((await asStaff(server, session, 'sessions/getCurrent', {})).status).toBe(401);
    const byCookie = await server.post(`${ENTERPRISE}/sessions/getCurrent`, {}, { cookie: session.cookie });
    expect(byCookie.status).toBe(401);
    expect(byCookie.body.Message).toMatch(/sign in/i);
  });

  it('keeps sessions apart: signing out one leaves another of the same staff member open', async () => {
    const [first, second] = [await signIn(server), await signIn(server)];
    await asStaff(server, first, 'sessions/remove', {});
    expect((await asStaff(server, second, 'sessions/getCurrent', {})).status).toBe(200);
  });

  it('throttles repeated attempts for one email: 429 with Retry-After, even for the right password', async () => {
    const email = staffB.email;
    const failures = await Promise.all(
      Array.from({ length: 5 }, () => server.post(`${ENTERPRISE}/sessions/add`, { Email: email, Password: 'guess' })),
    );
    // The earlier test spent one attempt on this email already.
    expect(failures.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 429]);
    const right = await server.post(`${ENTERPRISE}/sessions/add`, { Email: email.toUpperCase(), Password: 'sandbox' });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.body.Message).toMatch(/Too many sign-in attempts/);
    // Other accounts are not affected.
    expect((await server.post(`${ENTERPRISE}/sessions/add`, { Email: staffA.email, Password: 'sandbox' })).status).toBe(200);
  });
});

describe('enterprise API: sandbox staff', () => {
  it('seeds no staff in production mode', async () => {
    const server = await startTestServer({ MODE: 'production' });
    try {
      const response = await server.post(`${ENTERPRISE}/sessions/add`, { Email: staffA.email, Password: 'sandbox' });
      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
