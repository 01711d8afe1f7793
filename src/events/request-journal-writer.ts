import type { BaseLogger } from 'pino';
import { newTimeOrderedId } from '../domain/ids.ts';
import { maskSecrets, type JournalLimits, type JournalTrim, type NewJournalEntry, type RequestJournal } from '../domain/request-journal.ts';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.ts';

/** Entries are written at most this long after their request, or at once when this many wait. */
const FLUSH_EVERY_MS = 100;
const FLUSH_BATCH = 100;
/** What waits beyond this while the database is slow is dropped rather than held in memory. */
const MAX_WAITING = 10_000;
/** The age limit is also applied this often, for sandboxes that are no longer used. */
const PRUNE_EVERY_MS = 60_000;

/** A request as the Connector API's hooks hand it over: its bodies as they were, masked and parsed only when written. */
export interface JournalRecord extends Omit<NewJournalEntry, 'id' | 'requestBody' | 'responseBody'> {
  readonly requestBody: unknown;
  /** The serialized answer as sent. */
  readonly responsePayload: unknown;
}

export interface RequestJournalWriter {
  /** Queues an entry; it is written with the next batch. Never throws, never waits. */
  record(record: JournalRecord): void;
  /** Stops the age limit's task and writes what waits: nothing recorded before is lost. */
  close(): Promise<void>;
}

function parsedPayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return null;
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

function toEntry({ requestBody, responsePayload, ...record }: JournalRecord): NewJournalEntry {
  return {
    ...record,
    id: newTimeOrderedId(record.createdMs),
    requestBody: maskSecrets(requestBody ?? null),
    responseBody: maskSecrets(parsedPayload(responsePayload)),
  };
}

export interface RequestJournalWriterOptions {
  readonly store: Pick<RequestJournal, 'recordJournalEntries' | 'trimJournal'>;
  readonly limits: JournalLimits;
  readonly log: Pick<BaseLogger, 'warn'>;
}

/**
 * The request journal's writer: entries are collected in memory and written in batches, one transaction each (every
 * 100 ms or 100 entries), so that a request costs one push onto an array. Each batch's transaction also trims its
 * sandboxes to their limits; a periodic task applies the age limit to all. Resolves once the first pruning ended.
 */
export async function startRequestJournal(options: RequestJournalWriterOptions): Promise<RequestJournalWriter> {
  const { store, limits, log } = options;
  let waiting: JournalRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dropped = 0;
  /** Entries recorded and not yet written, those of batches waiting for the one in progress included. */
  let backlog = 0;

  const trimAt = (nowMs: number): JournalTrim => ({ maxEntries: limits.maxEntries, olderThanMs: nowMs - limits.retentionMs });

  async function write(batch: readonly JournalRecord[]): Promise<void> {
    try {
      await store.recordJournalEntries(batch.map(toEntry), trimAt(Date.now()));
    } catch (error) {
      log.warn({ err: error, entries: batch.length }, 'request journal entries could not be written; they are dropped');
    } finally {
      backlog -= batch.length;
    }
  }

  /** Writes what waits; resolves once every batch so far is written. */
  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      writing = writing.then(() => write(batch));
    }
    return writing;
  }

  const pruning: PeriodicTask = await startPeriodicTask(() => store.trimJournal(trimAt(Date.now())), {
    everyMs: PRUNE_EVERY_MS,
    onError: (error) => log.warn({ err: error }, 'request journal could not be pruned; retrying in a minute'),
  });

  return {
    record(record) {
      if (backlog >= MAX_WAITING) {
        if (dropped++ === 0) log.warn('request journal is behind; entries are dropped until it catches up');
        return;
      }
      dropped = 0;
      backlog++;
      waiting.push(record);
      if (waiting.length >= FLUSH_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS);
    },
    async close() {
      await pruning.stop();
      await flush();
    },
  };
}
