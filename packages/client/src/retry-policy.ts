import { ConnectorApiError, NetworkError, RateLimitError } from './errors.ts';

/** How the client retries a failed request. Every field is optional in `ConnectorClientOptions.retry`. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts: number;
  /** The first backoff delay; each further retry doubles it (default 500 ms). */
  initialDelayMs: number;
  /** The longest backoff delay (default 20 s). A longer `Retry-After` is still honoured, within `maxElapsedMs`. */
  maxDelayMs: number;
  /** No retry starts once the time since the first attempt plus the next wait would exceed this (default 60 s). */
  maxElapsedMs: number;
  /**
   * Whether `add` operations are retried after a failure that leaves open whether they were stored: a 408, a 5xx or
   * a network error (default true). The API has no idempotency key, so such a retry can store a thread or a message
   * twice. A 429 is always retried: the request was refused before it ran.
   */
  retryAmbiguousAdds: boolean;
  /** Waits between attempts (default: a timer). Replace it to observe or shorten the waits. */
  sleep: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to log retries. */
  onRetry?: (retry: RetryEvent) => void;
}

export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly error: ConnectorApiError | NetworkError;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
  retryAmbiguousAdds: true,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** `retry: false` means one attempt only. */
export function retryOptions(retry: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (retry === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  return { ...DEFAULT_RETRY, ...retry };
}

/**
 * Whether a failure is worth another attempt: 429, 408, 5xx and network errors are; 400, 401, 403 and the other
 * statuses are the caller's to fix and would fail the same way again.
 */
export function isRetryable(error: ConnectorApiError | NetworkError, operation: string, options: RetryOptions): boolean {
  if (error instanceof RateLimitError) return true;
  const transient = error instanceof NetworkError || error.status === 408 || error.status >= 500;
  return transient && (options.retryAmbiguousAdds || !operation.endsWith('/add'));
}

/**
 * The wait before attempt `attempt + 1`: exponential backoff with jitter (half fixed, half random, so that clients
 * failing together spread out), and for a 429 at least the `Retry-After` the server asked for.
 */
export function retryDelayMs(error: ConnectorApiError | NetworkError, attempt: number, options: RetryOptions): number {
  const backoff = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + (Math.random() * backoff) / 2;
  const retryAfterMs = error instanceof RateLimitError && error.retryAfter !== null ? error.retryAfter * 1000 : 0;
  return retryAfterMs > 0 ? retryAfterMs + Math.random() * options.initialDelayMs : jittered;
}
