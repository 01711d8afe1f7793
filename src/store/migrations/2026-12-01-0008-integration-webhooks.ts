import type { Kysely, Migration } from 'kysely';

/**
 * The integration webhooks (CONTRACT.md, "Integration webhooks") share the MessageAdded webhook's deliveries: each
 * delivery has a kind, and an integration webhook, one request per event, is recorded as a delivery of its own in the
 * change's transaction, with its action and the body fixed then. Existing deliveries are MessageAdded ones.
 */
export function integrationWebhooks(): Migration {
  return {
    async up(db: Kysely<any>) {
      // One column per statement: SQLite adds one at a time.
      await db.schema.alterTable('webhook_deliveries').addColumn('kind', 'text', (c) => c.notNull().defaultTo('MessageAdded')).execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('action', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('body', 'text').execute();
    },
  };
}
