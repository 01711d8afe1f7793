import type { BaseLogger } from 'pino';
import type { Activity } from '../domain/activity.ts';
import type { EnterpriseStore } from '../domain/enterprise-store.ts';
import type { EnterpriseId } from '../domain/model.ts';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.ts';
import type { LiveSession, SessionEnds } from './session-ends.ts';

export interface ActivityHubOptions {
  readonly store: Pick<EnterpriseStore, 'latestActivitySeq' | 'readActivity'>;
  /** Where each subscriber's session is watched, and rechecked at every read of the feed. */
  readonly sessions: Pick<SessionEnds, 'watch' | 'recheck'>;
  readonly log: Pick<BaseLogger, 'warn'>;
  /** How often the feed is read: the delay a live event may have, and that of a session's end made elsewhere. */
  readonly intervalMs: number;
}

/** How long a hole in the seq numbers is watched for a transaction that took a number but committed later. */
const LATE_COMMIT_WINDOW_MS = 10_000;
const BATCH = 500;

type Listener = (activity: Activity) => void;

/**
 * Fans the activity feed out to this process's live clients. Every server process polls the feed table by seq, so a
 * change committed through any process reaches the clients of all of them. Numbers are taken at insert but become
 * visible at commit, which on a database with concurrent writers need not be in order: a hole below the highest seq
 * seen is watched for a while and its activity delivered when it shows up.
 *
 * A subscriber hears of nothing after its session ended (see `SessionEnds`). Clients may subscribe before it starts;
 * they hear of what is committed once it has.
 */
export class ActivityHub {
  private readonly listeners = new Map<EnterpriseId, Set<Listener>>();
  private readonly holes = new Map<number, number>();
  private highestSeq = 0;
  private polling: PeriodicTask | undefined;

  constructor(private readonly options: ActivityHubOptions) {}

  /** Starts from the feed's current end: live clients get what happens from now on. */
  async start(): Promise<void> {
    this.highestSeq = await this.options.store.latestActivitySeq();
    this.polling = await startPeriodicTask(() => this.poll(), {
      everyMs: this.options.intervalMs,
      onError: (error) => this.options.log.warn({ err: error }, 'reading the activity feed failed; retrying'),
    });
  }

  /** Stops polling; resolves once a read in progress has ended. */
  async stop(): Promise<void> {
    await this.polling?.stop();
    this.polling = undefined;
    this.listeners.clear();
  }

  /**
   * Calls `listener` with each new activity of the session's enterprise until the session ends, then `onEnd`, once.
   * Returns the unsubscribe function; neither is called after it.
   */
  subscribe(session: LiveSession, listener: Listener, onEnd: () => void): () => void {
    const enterpriseId = session.staff.enterpriseId;
    const set = this.listeners.get(enterpriseId) ?? new Set();
    set.add(listener);
    this.listeners.set(enterpriseId, set);
    const unsubscribe = () => {
      unwatch();
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(enterpriseId) === set) this.listeners.delete(enterpriseId);
    };
    const unwatch = this.options.sessions.watch(session, () => {
      unsubscribe();
      onEnd();
    });
    return unsubscribe;
  }

  private async poll(): Promise<void> {
    const now = Date.now();
    for (const [seq, since] of this.holes) if (now - since > LATE_COMMIT_WINDOW_MS) this.holes.delete(seq);
    const activities = await this.options.store.readActivity(this.highestSeq, [...this.holes.keys()], BATCH);
    // After the read: what was committed after a session ended is delivered only once that end has been seen.
    await this.options.sessions.recheck();
    for (const activity of activities) {
      if (activity.seq > this.highestSeq) {
        for (let missing = this.highestSeq + 1; missing < activity.seq && this.holes.size < BATCH; missing++) this.holes.set(missing, now);
        this.highestSeq = activity.seq;
      } else {
        this.holes.delete(activity.seq);
      }
      for (const listener of this.listeners.get(activity.enterpriseId) ?? []) listener(activity);
    }
  }
}
