// The enterprise API as the inbox uses it: the session lives in an HttpOnly cookie the page cannot read; every
// request carries the session's anti-CSRF token, learned at sign-in or from sessions/getCurrent.
import { ApiError, postJson } from '../ui-common/api-error.js';

export { ApiError, describeFailure } from '../ui-common/api-error.js';

const BASE = '/api/enterprise/v1';

let csrfToken = null;

export function call(operation, body = {}) {
  return postJson(`${BASE}/${operation}`, body, { headers: csrfToken ? { 'x-csrf-token': csrfToken } : {}, credentials: 'same-origin' });
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
