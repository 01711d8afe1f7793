import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookDeliveryStatus } from '../../src/domain/webhook-delivery-log.ts';
import type { Database } from '../../src/store/database.ts';
import { SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';
import type { Store } from '../../src/store/store.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 26);
const integration = SANDBOX_INTEGRATIONS[0]!;

for (const backend of BACKENDS) describe(`pruning the webhook delivery log (${backend})`, () => {
  let opened: TestStore;
  let store: Store;
  // The rows are written directly: no API makes a delivery that ended weeks ago.
  let db: Kysely<Database>;
  beforeEach(async () => {
    opened = await openTestStore(backend);
    store = opened.store;
    await store.seedSandbox(NOW_MS / 1000);
    db = opened.db;
  });
  afterEach(() => opened.close());

  /** A delivery with one attempt and one event, its last attempt due `ageDays` ago. */
  async function delivery(id: string, status: WebhookDeliveryStatus, ageDays: number): Promise<void> {
    const dueMs = NOW_MS - ageDays * DAY_MS;
    const common = { application_id: integration.applicationId, integration_id: integration.id, enterprise_id: integration.enterpriseId };
    await db
      .insertInto('webhook_deliveries')
      .values({ id, ...common, status, attempt_count: 1, created_ms: dueMs, window_start_ms: dueMs, next_attempt_ms: dueMs })
      .execute();
    await db
      .insertInto('webhook_attempts')
      .values({ delivery_id: id, attempted_ms: dueMs, url: 'http://127.0.0.1/hook', status_code: 200, error: null, duration_ms: 1 })
      .execute();
    await db
      .insertInto('webhook_events')
      .values({ ...common, message_id: crypto.randomUUID(), created_ms: dueMs, delivery_id: id })
      .execute();
  }

  const remaining = async (table: 'webhook_deliveries' | 'webhook_attempts' | 'webhook_events') =>
    (await db.selectFrom(table).select(table === 'webhook_deliveries' ? 'id as key' : 'delivery_id as key').execute())
      .map((row) => row.key)
      .sort();

  it('removes ended deliveries older than the limit with their attempts and events, in batches, and never a pending one', async () => {
    await delivery('old-sent', 'Succeeded', 40);
    await delivery('old-failed', 'Failed', 31);
    await delivery('old-pending', 'Pending', 60);
    await delivery('recent-sent', 'Succeeded', 29);

    const beforeMs = NOW_MS - 30 * DAY_MS;
    expect(await store.pruneWebhookDeliveries(beforeMs, 1)).toBe(1);
    expect(await store.pruneWebhookDeliveries(beforeMs, 1)).toBe(1);
    expect(await store.pruneWebhookDeliveries(beforeMs, 1)).toBe(0);

    for (const table of ['webhook_deliveries', 'webhook_attempts', 'webhook_events'] as const) {
      expect(await remaining(table)).toEqual(['old-pending', 'recent-sent']);
    }
  });
});
