import type { Insertable, Kysely, Selectable } from 'kysely';
import type { JournalEntry, JournalTrim, NewJournalEntry, RequestJournal } from '../../domain/request-journal.ts';
import type { Database, RequestJournalTable } from '../database.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { keysetPage } from './page-query.ts';

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function toRow(entry: NewJournalEntry): Insertable<RequestJournalTable> {
  return {
    id: entry.id,
    sandbox_id: entry.sandboxId,
    method: entry.method,
    operation: entry.operation,
    status: entry.status,
    duration_ms: entry.durationMs,
    request_id: entry.requestId,
    created_ms: entry.createdMs,
    request_body: json(entry.requestBody),
    response_body: json(entry.responseBody),
    fault_id: entry.faultId,
  };
}

function toEntry(row: Selectable<RequestJournalTable>): JournalEntry {
  return {
    id: row.id,
    seq: Number(row.seq),
    sandboxId: row.sandbox_id,
    method: row.method,
    operation: row.operation,
    status: row.status,
    durationMs: Number(row.duration_ms),
    requestId: row.request_id,
    createdMs: Number(row.created_ms),
    requestBody: parsed(row.request_body),
    responseBody: parsed(row.response_body),
    faultId: row.fault_id,
  };
}

/** Removes entries older than `olderThanMs`, and of each of `sandboxIds` all but the newest `maxEntries`. */
async function trim(trx: Kysely<Database>, sandboxIds: readonly string[], { maxEntries, olderThanMs }: JournalTrim): Promise<void> {
  await trx.deleteFrom('request_journal').where('created_ms', '<', olderThanMs).execute();
  for (const sandboxId of sandboxIds) {
    // The oldest entry kept: everything below it goes.
    const oldestKept = await trx
      .selectFrom('request_journal')
      .select('seq')
      .where('sandbox_id', '=', sandboxId)
      .orderBy('seq', 'desc')
      .offset(maxEntries - 1)
      .limit(1)
      .executeTakeFirst();
    if (oldestKept) await trx.deleteFrom('request_journal').where('sandbox_id', '=', sandboxId).where('seq', '<', oldestKept.seq).execute();
  }
}

/** The request journal of sandboxes (see `src/domain/request-journal.ts`). */
export function requestJournalRepository(db: Kysely<Database>, dialect: Pick<DialectAdapter, 'transact'>): RequestJournal {
  return {
    async recordJournalEntries(entries, limits) {
      if (entries.length === 0) return;
      await dialect.transact(async (trx) => {
        await trx.insertInto('request_journal').values(entries.map(toRow)).execute();
        await trim(trx, [...new Set(entries.map((entry) => entry.sandboxId))], limits);
      });
    },
    async trimJournal(limits) {
      await dialect.transact((trx) => trim(trx, [], limits));
    },
    async listJournalEntries(sandboxId, page, filter) {
      const visible = db.selectFrom('request_journal').where('sandbox_id', '=', sandboxId);
      const rows = await keysetPage({
        positions: visible,
        items: visible
          .selectAll()
          .$if(filter.operation !== undefined, (qb) => qb.where('operation', '=', filter.operation!))
          .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status!))
          .$if(filter.requestId !== undefined, (qb) => qb.where('request_id', '=', filter.requestId!)),
        keys: ['seq'],
        ...page,
      });
      return rows?.map(toEntry);
    },
    async readJournalEntries(sandboxId, afterSeq, alsoSeqs, limit) {
      const rows = await db
        .selectFrom('request_journal')
        .selectAll()
        .where('sandbox_id', '=', sandboxId)
        .where((eb) => (alsoSeqs.length > 0 ? eb.or([eb('seq', '>', afterSeq), eb('seq', 'in', alsoSeqs)]) : eb('seq', '>', afterSeq)))
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async latestJournalSeq() {
      const row = await db.selectFrom('request_journal').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },
  };
}

/** Deletes a sandbox's journal (its reset and its removal). */
export async function deleteSandboxJournal(db: Kysely<Database>, sandboxId: string): Promise<void> {
  await db.deleteFrom('request_journal').where('sandbox_id', '=', sandboxId).execute();
}
