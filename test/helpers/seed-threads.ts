import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/database.ts';

/** Rows a multi-row insert carries: well under both engines' limits on parameters in one statement. */
const CHUNK = 500;

export interface SeededThread {
  readonly id: string;
  readonly originalSender: string;
}

/**
 * `count` open threads of one application in one enterprise, written straight into the database (no API), each with
 * one guest message: `${tag} ${i}` from guest "Guest ${tag} ${i}", a second apart, thread 0 the oldest. One multi-row
 * insert per chunk of threads and of messages, all in one transaction. Returns the threads, latest activity first.
 */
export async function seedOpenThreads(
  db: Kysely<Database>,
  { enterpriseId, applicationId, count, tag, startUtc }: { enterpriseId: string; applicationId: string; count: number; tag: string; startUtc: number },
): Promise<SeededThread[]> {
  const threads = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    enterprise_id: enterpriseId,
    application_id: applicationId,
    original_sender: `Guest ${tag} ${i}`,
    subject: `Stay ${i}`,
    created_utc: startUtc + i,
    updated_utc: startUtc + i,
    is_resolved: 0 as const,
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += CHUNK) {
      const chunk = threads.slice(i, i + CHUNK);
      await trx.insertInto('message_threads').values(chunk).execute();
      await trx
        .insertInto('messages')
        .values(chunk.map((t, j) => ({ id: randomUUID(), message_thread_id: t.id, text: `${tag} ${i + j}`, sender: 'Application' as const, created_utc: t.created_utc })))
        .execute();
    }
  });
  return threads.reverse().map((t) => ({ id: t.id, originalSender: t.original_sender }));
}
