import { createHash } from 'node:crypto';
import { consumeFrom, memoryCounter, type RateLimitDecision } from '../shared/rate-limit.ts';

/** Sign-in attempts allowed for one email within the window; a success starts the count again. */
export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_S = 15 * 60;

/**
 * Slows password guessing against one account: every attempt for an email counts, a successful one clears the count,
 * and past the limit even the right password waits (429) until the window ends. Kept per process, keyed by a hash of
 * the (normalized) email so that no address sits in memory.
 */
export class SignInThrottle {
  private readonly counts = memoryCounter({ max: SIGN_IN_ATTEMPTS, windowS: SIGN_IN_WINDOW_S });

  private key(email: string): string {
    return createHash('sha256').update(email).digest('base64url');
  }

  attempt(email: string): Promise<RateLimitDecision> {
    return consumeFrom(this.counts, this.key(email));
  }

  async succeeded(email: string): Promise<void> {
    await this.counts.delete(this.key(email));
  }
}
