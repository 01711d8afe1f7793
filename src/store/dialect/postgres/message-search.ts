import { sql, type Kysely } from 'kysely';
import { containsPattern } from '../../like-pattern.ts';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Message-text search on PostgreSQL: `lower(text) like '%…%'`, looked up in a pg_trgm GIN index of `lower(text)`,
 * which finds the candidates by the pattern's trigrams; LIKE then checks each, so the meaning is exactly LIKE's.
 */
export const postgresMessageSearch: DialectAdapter['messageSearch'] = {
  async create(db: Kysely<unknown>) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index messages_text_trigrams on messages using gin (lower(text) gin_trgm_ops)`.execute(db);
  },
  threadHasMessageWith(threadId, text) {
    return sql`${sql.ref(threadId)} in (
      select m.message_thread_id from messages m where lower(m.text) like ${containsPattern(text)} escape '\\'
    )`;
  },
};
