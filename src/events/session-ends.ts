import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import { endsSession, type SessionsEnd, type StaffMember } from '../domain/staff-sessions.ts';
import { sessionLetsAct } from '../domain/tenancy.ts';

/** The session a live stream is open for. */
export interface LiveSession {
  readonly token: string;
  readonly staff: StaffMember;
}

interface Watch {
  readonly session: LiveSession;
  readonly onEnd: () => void;
}

/**
 * Where the live streams learn that their session ended, so that none outlives it. Two ways, one for each place a
 * session can end:
 *
 * - `end`: a change made through this process (sign-out, a staff member removed, an enterprise disabled), which the
 *   store tells of once committed; the streams it ends are ended before the change is answered.
 * - `recheck`: everything else (a change made through another process or the CLI, a session that expired). The
 *   activity hub calls it at each poll of the feed, after reading and before delivering, with one query for all the
 *   sessions watched. That is the cheapest way that is correct: the hub polls anyway, nothing needs to be written
 *   when a session ends (an expiry writes nothing at all), and an activity committed after a session ended is read
 *   only after the end, so the recheck that follows the read ends the stream before that activity could reach it.
 */
export class SessionEnds {
  private readonly watches = new Set<Watch>();

  constructor(private readonly store: Pick<EnterpriseStore, 'findStaffSessions'>) {}

  /** Calls `onEnd` once, when the session ends; returns the function that stops watching it. */
  watch(session: LiveSession, onEnd: () => void): () => void {
    const watch: Watch = { session, onEnd };
    this.watches.add(watch);
    return () => this.watches.delete(watch);
  }

  /** Ends, at once, the watched sessions that `end` ended. */
  end(end: SessionsEnd): void {
    for (const watch of this.watches) if (endsSession(end, watch.session)) this.finish(watch);
  }

  /** Ends the watched sessions that no longer let their staff member act, as the database has them now. */
  async recheck(): Promise<void> {
    if (this.watches.size === 0) return;
    // Only those watched before the query are judged by it: one that starts meanwhile is not in its answer.
    const watches = [...this.watches];
    const sessions = await this.store.findStaffSessions([...new Set(watches.map((watch) => watch.session.token))]);
    // Each on its own sandbox's clock.
    for (const watch of watches) if (!sessionLetsAct(sessions.get(watch.session.token))) this.finish(watch);
  }

  private finish(watch: Watch): void {
    if (this.watches.delete(watch)) watch.onEnd();
  }
}
