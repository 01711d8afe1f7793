import type { Kysely, Migration } from 'kysely';
import { newWebhookSecret } from '../../domain/webhook-secret.ts';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';

/**
 * The MessageAdded webhook's transactional outbox (`webhook_events`, written in the message's own transaction), the
 * requests built from it (`webhook_deliveries`, one `webhook-id` each) and the log of every attempt; and each
 * integration's signing secret, backfilled for the integrations that already exist.
 */
export function webhooks(dialect: DialectAdapter): Migration {
  const instant = dialect.int64Type;
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('integrations').addColumn('webhook_secret', 'text').execute();
      const existing = await db.selectFrom('integrations').select('id').execute();
      for (const { id } of existing) {
        await db.updateTable('integrations').set({ webhook_secret: newWebhookSecret() }).where('id', '=', id).execute();
      }

      await db.schema
        .createTable('webhook_deliveries')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_ms', instant, (c) => c.notNull())
        .addColumn('window_start_ms', instant, (c) => c.notNull())
        .addColumn('next_attempt_ms', instant, (c) => c.notNull())
        .addColumn('lease_until_ms', instant)
        .addColumn('lease_token', 'text')
        .execute();
      // The dispatcher's scan for due work; the delivery log's pages per integration, newest first.
      await db.schema
        .createIndex('webhook_deliveries_by_status_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_ms'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_by_integration')
        .on('webhook_deliveries')
        .columns(['integration_id', 'status', 'seq'])
        .execute();

      await db.schema
        .createTable('webhook_events')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('integration_id', 'text', (c) => c.notNull())
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('created_ms', instant, (c) => c.notNull())
        .addColumn('delivery_id', 'text')
        .execute();
      // Events not yet in a delivery (delivery_id null) are found per integration in creation order.
      await db.schema
        .createIndex('webhook_events_by_delivery')
        .on('webhook_events')
        .columns(['delivery_id', 'integration_id', 'seq'])
        .execute();

      await db.schema
        .createTable('webhook_attempts')
        .$call((table) => dialect.serialKey(table, 'seq'))
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempted_ms', instant, (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_attempts_by_delivery').on('webhook_attempts').columns(['delivery_id', 'seq']).execute();
    },
  };
}
