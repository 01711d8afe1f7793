// How the web pages call their APIs and say what went wrong: the contract's error body's Message, or that the server
// could not be reached, never the browser's bare "Failed to fetch".

/** A refused request (status from the server), or one that never reached it (status 0). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const UNREACHABLE = 'the server could not be reached';

/** "<what failed>: <why>." for any error. */
export function describeFailure(what, error) {
  const reason = error instanceof ApiError ? error.message : UNREACHABLE;
  return `${what}: ${reason.replace(/\.$/, '')}.`;
}

/** POSTs `body` as JSON to `url`; the parsed answer, or an ApiError. */
export async function postJson(url, body, { headers = {}, ...init } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      ...init,
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const result = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, result?.Message ?? `the request failed (${response.status})`);
  return result;
}
