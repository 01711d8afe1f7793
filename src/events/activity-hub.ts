import type { FastifyBaseLogger } from 'fastify';
import type { Activity } from '../../domain/activity.ts';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import type { EnterpriseId } from '../../domain/model.ts';
import { nowUtc } from '../../domain/time.ts';

export interface ActivityHubOptions {
  readonly store: EnterpriseStore;
  readonly log: FastifyBaseLogger;
  /** How often the feed is read; the delay a live event may have. */
  readonly intervalMs?: number;
}

/** How long a hole in the seq numbers is watched for a transaction that took a number but committed later. */
const LATE_COMMIT_WINDOW_MS = 10_000;
const BATCH = 500;
const KEEP_ACTIVITY_S = 24 * 60 * 60;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

type Listener = (activity: Activity) => void;

/**
 * Fans the activity feed out to this process's live clients. Every server process polls the feed table by seq, so a
 * change committed through any process reaches the clients of all of them. Numbers are taken at insert but become
 * visible at commit, which on a database with concurrent writers need not be in order: a hole below the highest seq
 * seen is watched for a while and its activity delivered when it shows up.
 */
export class ActivityHub {
  private readonly listeners = new Map<EnterpriseId, Set<Listener>>();
  private readonly holes = new Map<number, number>();
  private highestSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private readonly intervalMs: number;

  constructor(private readonly options: ActivityHubOptions) {
    this.intervalMs = options.intervalMs ?? 200;
  }

  /** Starts from the feed's current end: live clients get what happens from now on. */
  async start(): Promise<void> {
    this.highestSeq = await this.options.store.latestActivitySeq();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  /** Calls `listener` with each new activity of the enterprise; returns the unsubscribe function. */
  subscribe(enterpriseId: EnterpriseId, listener: Listener): () => void {
    const set = this.listeners.get(enterpriseId) ?? new Set();
    set.add(listener);
    this.listeners.set(enterpriseId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(enterpriseId) === set) this.listeners.delete(enterpriseId);
    };
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.poll().then(
        () => this.timer && this.schedule(),
        (error: unknown) => {
          this.options.log.warn({ err: error }, 'reading the activity feed failed; retrying');
          if (this.timer) this.schedule();
        },
      );
    }, this.intervalMs);
  }

  private async poll(): Promise<void> {
    const now = Date.now();
    for (const [seq, since] of this.holes) if (now - since > LATE_COMMIT_WINDOW_MS) this.holes.delete(seq);
    const activities = await this.options.store.readActivity(this.highestSeq, [...this.holes.keys()], BATCH);
    for (const activity of activities) {
      if (activity.seq > this.highestSeq) {
        for (let missing = this.highestSeq + 1; missing < activity.seq && this.holes.size < BATCH; missing++) this.holes.set(missing, now);
        this.highestSeq = activity.seq;
      } else {
        this.holes.delete(activity.seq);
      }
      for (const listener of this.listeners.get(activity.enterpriseId) ?? []) listener(activity);
    }
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.options.store.pruneActivity(nowUtc() - KEEP_ACTIVITY_S);
    }
  }
}
