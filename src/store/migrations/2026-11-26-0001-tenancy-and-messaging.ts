import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/** Enterprises, integrations, access tokens and their scopes; message threads and messages. */
export function tenancyAndMessaging(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('enterprises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('is_enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('integrations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('client_token', 'text', (c) => c.notNull().unique())
        .addColumn('webhook_url', 'text')
        .addColumn('is_enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('access_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('value_hash', 'text', (c) => c.notNull().unique())
        .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
        .addColumn('revoked_utc', instant)
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('access_tokens_by_integration').on('access_tokens').column('integration_id').execute();

      await db.schema
        .createTable('access_token_enterprises')
        .addColumn('access_token_id', 'text', (c) => c.notNull().references('access_tokens.id'))
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
        .addPrimaryKeyConstraint('access_token_enterprises_pk', ['access_token_id', 'enterprise_id'])
        .execute();

      await db.schema
        .createTable('message_threads')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
        .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
        .addColumn('original_sender', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('created_utc', instant, (c) => c.notNull())
        .addColumn('updated_utc', instant, (c) => c.notNull())
        .addColumn('is_resolved', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Pages of an integration's threads, newest first: the keyset (created_utc, seq).
      await db.schema
        .createIndex('message_threads_by_integration_created')
        .on('message_threads')
        .columns(['integration_id', 'created_utc', 'seq'])
        .execute();
      await db.schema
        .createIndex('message_threads_by_integration_updated')
        .on('message_threads')
        .columns(['integration_id', 'updated_utc'])
        .execute();

      await db.schema
        .createTable('messages')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('message_thread_id', 'text', (c) => c.notNull().references('message_threads.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('created_utc', instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('messages_by_thread_created')
        .on('messages')
        .columns(['message_thread_id', 'created_utc', 'seq'])
        .execute();
    },
  };
}
