import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Message-text search on SQLite: an external-content FTS5 table over `messages` (it stores only the index; the text
 * stays in `messages`, found by `seq`), with the trigram tokenizer, which matches any substring of three characters
 * or more, case-insensitively. Triggers keep it in step with every write to `messages`, whoever makes it.
 */
export const sqliteMessageSearch: DialectAdapter['messageSearch'] = {
  async create(db: Kysely<unknown>) {
    await sql`create virtual table messages_search using fts5(text, content='messages', content_rowid='seq', tokenize='trigram')`.execute(db);
    await sql`create trigger messages_search_insert after insert on messages begin
      insert into messages_search(rowid, text) values (new.seq, new.text);
    end`.execute(db);
    await sql`create trigger messages_search_delete after delete on messages begin
      insert into messages_search(messages_search, rowid, text) values ('delete', old.seq, old.text);
    end`.execute(db);
    await sql`create trigger messages_search_update after update of text on messages begin
      insert into messages_search(messages_search, rowid, text) values ('delete', old.seq, old.text);
      insert into messages_search(rowid, text) values (new.seq, new.text);
    end`.execute(db);
    await sql`insert into messages_search(messages_search) values ('rebuild')`.execute(db);
  },
  threadHasMessageWith(threadId, text) {
    // One FTS5 phrase, a double-quoted string: inside it nothing is an operator, and `"` is written twice.
    const phrase = `"${text.replaceAll('"', '""')}"`;
    return sql`${sql.ref(threadId)} in (
      select m.message_thread_id from messages_search join messages m on m.seq = messages_search.rowid
      where messages_search match ${phrase}
    )`;
  },
};
