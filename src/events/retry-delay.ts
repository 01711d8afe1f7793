export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * How long to wait before the next attempt after `failedAttempts` failures: exponential backoff with full jitter, a
 * random time between 0 and `initialMs · 2^(failedAttempts-1)`, capped at `maxMs`, so that receivers coming back up
 * are not hit by every sender at once.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 40));
  return Math.floor(random() * ceiling);
}
