import type { AdminReader } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import type { SandboxId } from './model.ts';
import { toPage, toPageRequest, type Limitation, type Page, type PageRequest } from './pagination.ts';

/**
 * The request journal: every Connector API request made with a sandbox's token, with its answer, kept per sandbox for
 * its developer to see what their integration sent and got (`requests/getAll`, the live stream, `connector-messaging
 * logs`). Bodies are stored with their secrets masked (`maskSecrets`); nothing of a request outside sandboxes is kept.
 */

/** A recorded request, as `requests/getAll` and the stream show it. */
export interface JournalEntry {
  readonly id: string;
  /** In recording order, unique: what the live stream reads on from. */
  readonly seq: number;
  readonly sandboxId: SandboxId;
  readonly method: string;
  /** The Connector API operation, `messageThreads/add`. */
  readonly operation: string;
  readonly status: number;
  readonly durationMs: number;
  /** The `Request-Id` the answer carried. */
  readonly requestId: string;
  readonly createdMs: number;
  /** The parsed bodies, masked; null when there was none or it was not JSON. */
  readonly requestBody: unknown;
  readonly responseBody: unknown;
  /** The injected fault that answered instead of the operation, if one did. */
  readonly faultId: string | null;
}

export type NewJournalEntry = Omit<JournalEntry, 'seq'>;

export interface JournalFilter {
  readonly operation?: string | undefined;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
}

/** Limits of what the journal keeps: per sandbox at most `maxEntries`, none older than `retentionMs`. */
export interface JournalLimits {
  readonly maxEntries: number;
  readonly retentionMs: number;
}

/** The limits applied at one instant: entries older than `olderThanMs` go, and all but a sandbox's newest `maxEntries`. */
export interface JournalTrim {
  readonly maxEntries: number;
  readonly olderThanMs: number;
}

/** The journal's storage. */
export interface RequestJournal {
  /** Records entries and trims their sandboxes to the limits, in one transaction. */
  recordJournalEntries(entries: readonly NewJournalEntry[], limits: JournalTrim): Promise<void>;
  /** Removes the entries older than the limit, of every sandbox. */
  trimJournal(limits: JournalTrim): Promise<void>;
  /** A page of a sandbox's entries, newest first; undefined when the cursor is not one of its entries (see `toPage`). */
  listJournalEntries(sandboxId: SandboxId, page: PageRequest, filter: JournalFilter): Promise<JournalEntry[] | undefined>;
  /** The sandbox's entries after `afterSeq` and those of `alsoSeqs`, oldest first, at most `limit`. */
  readJournalEntries(sandboxId: SandboxId, afterSeq: number, alsoSeqs: readonly number[], limit: number): Promise<JournalEntry[]>;
  /** The highest seq recorded so far, of any sandbox; 0 when none. */
  latestJournalSeq(): Promise<number>;
}

/** Keys whose values are secrets wherever they appear in a body. */
const SECRET_KEY = /token|secret|password/i;
const MASK = '••••';
/** How many of a secret's last characters the mask keeps, so that one can tell which token was used. */
const KEPT_CHARACTERS = 4;

/** A secret as the journal shows it: `••••` and its last 4 characters (fewer of a short one, so that most stays hidden). */
export function maskSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const kept = Math.min(KEPT_CHARACTERS, Math.floor(text.length / 3));
  return MASK + text.slice(text.length - kept);
}

/**
 * A copy of a parsed JSON body with the value of every key that names a secret (ClientToken, AccessToken, and any
 * matching /token|secret|password/i, at any depth) masked by `maskSecret`.
 *
 * @example maskSecrets({ AccessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D', Client: 'x' })
 *   // { AccessToken: '••••453D', Client: 'x' }
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    masked[key] = SECRET_KEY.test(key) && item !== null ? maskSecret(item) : maskSecrets(item);
  }
  return masked;
}

export interface JournalQuery extends JournalFilter {
  readonly sandboxId: SandboxId;
  readonly limitation: Limitation;
}

/** The sandbox, or `Invalid SandboxId`. */
export async function requireJournalSandbox(reader: Pick<AdminReader, 'findSandbox'>, sandboxId: SandboxId): Promise<void> {
  if (!(await reader.findSandbox(sandboxId))) throw new InvalidParameterError('SandboxId');
}

/**
 * `requests/getAll`: a sandbox's recorded requests, newest first, optionally of one operation, status or Request-Id.
 *
 * @throws InvalidParameterError `Invalid SandboxId` for an unknown sandbox, `Invalid Cursor` for a cursor that is not
 *   one of its entries.
 */
export async function getJournalEntries(
  store: Pick<AdminReader, 'findSandbox'> & Pick<RequestJournal, 'listJournalEntries'>,
  query: JournalQuery,
): Promise<Page<JournalEntry>> {
  const page = toPageRequest(query.limitation);
  await requireJournalSandbox(store, query.sandboxId);
  const filter = { operation: query.operation, status: query.status, requestId: query.requestId };
  return toPage(await store.listJournalEntries(query.sandboxId, page, filter));
}
