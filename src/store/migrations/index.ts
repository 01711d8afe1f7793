import type { Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/dialect-adapter.ts';
import { tenancyAndMessaging } from './2026-11-26-0001-tenancy-and-messaging.ts';
import { staff } from './2026-11-26-0002-staff.ts';
import { webhooks } from './2026-11-26-0003-webhooks.ts';
import { enterpriseSide } from './2026-11-26-0004-enterprise-side.ts';
import { applicationsAndIntegrations } from './2026-12-01-0005-applications-and-integrations.ts';
import { assignmentAndQuickReplies } from './2026-12-01-0006-assignment-and-quick-replies.ts';
import { messageSearch } from './2026-12-01-0007-message-search.ts';
import { integrationWebhooks } from './2026-12-01-0008-integration-webhooks.ts';
import { sandboxes } from './2026-12-01-0009-sandboxes.ts';
import { autoReplies } from './2026-12-01-0010-auto-replies.ts';
import { faults } from './2026-12-01-0011-faults.ts';
import { webhookBehaviour } from './2026-12-01-0012-webhook-behaviour.ts';
import { sandboxClock } from './2026-12-01-0013-sandbox-clock.ts';
import { requestJournal } from './2026-12-01-0014-request-journal.ts';
import { commitOrder } from './2026-12-01-0015-commit-order.ts';

/**
 * Every migration, by name; names sort in the order they run. A new one is a new file here and one line below.
 */
export function allMigrations(dialect: DialectAdapter): Record<string, Migration> {
  return {
    '2026-11-26-0001-tenancy-and-messaging': tenancyAndMessaging(dialect),
    '2026-11-26-0002-staff': staff(dialect),
    '2026-11-26-0003-webhooks': webhooks(dialect),
    '2026-11-26-0004-enterprise-side': enterpriseSide(dialect),
    '2026-12-01-0005-applications-and-integrations': applicationsAndIntegrations(dialect),
    '2026-12-01-0006-assignment-and-quick-replies': assignmentAndQuickReplies(dialect),
    '2026-12-01-0007-message-search': messageSearch(dialect),
    '2026-12-01-0008-integration-webhooks': integrationWebhooks(),
    '2026-12-01-0009-sandboxes': sandboxes(dialect),
    '2026-12-01-0010-auto-replies': autoReplies(dialect),
    '2026-12-01-0011-faults': faults(dialect),
    '2026-12-01-0012-webhook-behaviour': webhookBehaviour(),
    '2026-12-01-0013-sandbox-clock': sandboxClock(dialect),
    '2026-12-01-0014-request-journal': requestJournal(dialect),
    '2026-12-01-0015-commit-order': commitOrder(dialect),
  };
}
