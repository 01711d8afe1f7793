import { createHash } from 'node:crypto';
import type { AttemptLimit, RateLimitDecision, RequestLimiter } from '../shared/rate-limit.ts';

/** Sign-in attempts allowed for one email within the window; a success starts the count again. */
export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_S = 15 * 60;

/**
 * Slows password guessing against one account: every attempt for an email counts, a successful one clears the count,
 * and past the limit even the right password waits (429) until the window ends. Counted where the request limit is:
 * through Redis when REDIS_URL is set, so that every process shares one count per account (each process on its own
 * while Redis is away), else in this process. Keyed by a hash of the (normalized) email, so that no address is stored.
 */
export class SignInThrottle {
  private readonly counts: AttemptLimit;

  constructor(limiter: Pick<RequestLimiter, 'attemptLimit'>) {
    this.counts = limiter.attemptLimit('sign-in', { max: SIGN_IN_ATTEMPTS, windowS: SIGN_IN_WINDOW_S });
  }

  private key(email: string): string {
    return createHash('sha256').update(email).digest('base64url');
  }

  attempt(email: string): Promise<RateLimitDecision> {
    return this.counts.consume(this.key(email));
  }

  succeeded(email: string): Promise<void> {
    return this.counts.reset(this.key(email));
  }
}
