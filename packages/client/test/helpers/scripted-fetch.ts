/** A response the scripted fetch answers with, or a network failure to throw. */
export type ScriptedOutcome = { status: number; body?: string; headers?: Record<string, string> } | 'network error';

/**
 * A fetch that answers the scripted outcomes first, one per request, then passes requests on to the real fetch: for
 * statuses and failures a started server cannot be made to produce on demand (5xx, a dropped connection).
 */
export function scriptedFetch(outcomes: ScriptedOutcome[]): typeof fetch & { readonly calls: number } {
  let calls = 0;
  const scripted = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const outcome = outcomes[calls++];
    if (outcome === undefined) return fetch(input, init);
    if (outcome === 'network error') throw new TypeError('fetch failed');
    return new Response(outcome.body ?? null, { status: outcome.status, headers: outcome.headers });
  };
  return Object.defineProperty(scripted, 'calls', { get: () => calls }) as typeof fetch & { readonly calls: number };
}

/** A contract error body: `{ Message, RequestId, Details }`. */
export function errorBody(Message: string, RequestId: string = crypto.randomUUID()): string {
  return JSON.stringify({ Message, RequestId, Details: null });
}
