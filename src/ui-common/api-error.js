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

/** Fetches `url`; the response whatever its status, or an ApiError when the server could not be reached. */
export async function reach(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    // An abort is the page's own doing, not the server's: the caller knows it and passes it over.
    if (init?.signal?.aborted) throw error;
    throw new ApiError(0, UNREACHABLE);
  }
}

/** The ApiError of a refused response, with its error body's Message. */
export async function refusal(response) {
  const result = await response.json().catch(() => null);
  return new ApiError(response.status, result?.Message ?? `the request failed (${response.status})`);
}

/** POSTs `body` as JSON to `url`; the parsed answer, or an ApiError. */
export async function postJson(url, body, { headers = {}, ...init } = {}) {
  const response = await reach(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...init,
  });
  if (!response.ok) throw await refusal(response);
  return response.status === 204 ? null : await response.json().catch(() => null);
}
