import { postJson, type JsonResponse } from './server.ts';

export interface LoadOptions {
  readonly url: string;
  /** Requests sent at a time, each loop sending its next one when the last is answered. */
  readonly concurrency: number;
  /** The request to send, by its number. */
  readonly request: (n: number) => { readonly path: string; readonly body: unknown };
  /** Whether to stop sending (checked before each request); the load also stops after `maxRequests`. */
  readonly done: () => boolean;
  readonly maxRequests: number;
  /** A request not answered in this time counts as hung. */
  readonly timeoutMs: number;
  /** Told of each answer as it comes, to act on the load's progress. */
  readonly onAnswer?: (response: JsonResponse) => void;
}

export interface LoadFigures {
  /** Requests answered, by status. */
  readonly statuses: Record<number, number>;
  /** The answers with status 200, in order of arrival. */
  readonly acknowledged: JsonResponse[];
  /** Requests whose connection could not be opened (refused): nothing of them was sent. */
  readonly refused: number;
  /** What must never happen: an answer without the contract's error body, a hung request, a request sent and cut off. */
  readonly faults: string[];
  /** The slowest answer, in milliseconds. */
  readonly slowestMs: number;
  /** Requests sent (answered, cut off or hung; not refused ones). */
  readonly sent: number;
}

/** The error body of the contract with `Request-Id`; a 503 also with `Retry-After` (and 408/429 as the contract says). */
export function contractFault(response: JsonResponse): string | undefined {
  if (response.status === 200) return undefined;
  const body = response.body as { Message?: unknown; RequestId?: unknown } | undefined;
  if (typeof body?.Message !== 'string' || body.RequestId !== response.headers.get('request-id')) {
    return `${response.status} without the contract's error body: ${response.text.slice(0, 200)}`;
  }
  if (response.status === 503 && !/^\d+$/.test(response.headers.get('retry-after') ?? '')) return '503 without Retry-After';
  if (response.status >= 500 && response.status !== 503) return `${response.status}: ${body.Message}`;
  return undefined;
}

/**
 * A bounded load: `concurrency` loops posting `request(n)` until `done()` or `maxRequests`, each answer checked against
 * the contract. Connection errors are told apart: a refused connection carried nothing, any other cut a request off.
 */
export async function boundedLoad(options: LoadOptions): Promise<LoadFigures> {
  const statuses: Record<number, number> = {};
  const acknowledged: JsonResponse[] = [];
  const faults: string[] = [];
  let refused = 0;
  let sent = 0;
  let slowestMs = 0;
  let next = 0;
  const loop = async () => {
    while (!options.done() && next < options.maxRequests) {
      const { path, body } = options.request(next++);
      const started = performance.now();
      try {
        const response = await postJson(options.url, path, body, {}, AbortSignal.timeout(options.timeoutMs));
        sent += 1;
        slowestMs = Math.max(slowestMs, performance.now() - started);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const fault = contractFault(response);
        if (fault) faults.push(fault);
        if (response.status === 200) acknowledged.push(response);
        options.onAnswer?.(response);
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { name?: string }).name;
        if (code === 'ECONNREFUSED') {
          refused += 1;
          // Nothing listens: wait for the others' answers rather than spin.
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        sent += 1;
        faults.push(code === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : `cut off: ${String(code)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  return { statuses, acknowledged, refused, faults, slowestMs: Math.round(slowestMs), sent };
}
