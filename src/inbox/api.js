// The enterprise API as the inbox uses it: the session lives in an HttpOnly cookie the page cannot read; every
// request carries the session's anti-CSRF token, learned at sign-in or from sessions/getCurrent.
const BASE = '/api/enterprise/v1';

let csrfToken = null;

/** A refused request (status from the server), or one that never reached it (status 0). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const UNREACHABLE = 'the server could not be reached';

/** "<what failed>: <why>." for any error, never the browser's bare "Failed to fetch". */
export function describeFailure(what, error) {
  const reason = error instanceof ApiError ? error.message : UNREACHABLE;
  return `${what}: ${reason.replace(/\.$/, '')}.`;
}

export async function call(operation, body = {}) {
  const headers = { 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response;
  try {
    response = await fetch(`${BASE}/${operation}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const result = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, result?.Message ?? `the request failed (${response.status})`);
  return result;
}

export async function signIn(email, password) {
  const session = await call('sessions/add', { Email: email, Password: password });
  csrfToken = session.CsrfToken;
  return session.Staff;
}

/** The signed-in staff member, or null when there is no session. */
export async function currentStaff() {
  try {
    const session = await call('sessions/getCurrent');
    csrfToken = session.CsrfToken;
    return session.Staff;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signOut() {
  try {
    await call('sessions/remove');
  } finally {
    csrfToken = null;
  }
}

/** Live events of the enterprise; the browser reconnects on its own after a network error. */
export function listen({ onEvent, onOpen, onError }) {
  const source = new EventSource(`${BASE}/events`);
  source.addEventListener('message', (event) => onEvent(JSON.parse(event.data)));
  source.addEventListener('open', onOpen);
  source.addEventListener('error', () => onError(source.readyState === EventSource.CLOSED));
  return source;
}
