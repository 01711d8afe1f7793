import type { AdminWriter } from './admin-store.ts';
import type { ApplicationId, Enterprise, EnterpriseId, Integration, IntegrationId } from './model.ts';
import { formatUtc, type UtcSeconds } from './time.ts';

export const INTEGRATION_WEBHOOK_ACTIONS = [
  'IntegrationCreated',
  'IntegrationEnabled',
  'IntegrationDisabled',
  'IntegrationCanceled',
  'IntegrationReinstated',
  'IntegrationDeleted',
  'IntegrationApiKeyCreated',
] as const;
export type IntegrationWebhookAction = (typeof INTEGRATION_WEBHOOK_ACTIONS)[number];

/** What happened to an integration, with what its webhook tells beyond the integration itself. */
export type IntegrationChange =
  | { readonly action: 'IntegrationCreated'; readonly enterprise: Enterprise }
  | { readonly action: 'IntegrationEnabled' | 'IntegrationDisabled' | 'IntegrationCanceled' | 'IntegrationReinstated' }
  | { readonly action: 'IntegrationDeleted'; readonly deletedUtc: UtcSeconds }
  | { readonly action: 'IntegrationApiKeyCreated' };

/** One integration webhook, its request body fixed when the change happened (the AccessToken of that moment). */
export interface IntegrationWebhook {
  readonly applicationId: ApplicationId;
  readonly integrationId: IntegrationId;
  readonly enterpriseId: EnterpriseId;
  readonly action: IntegrationWebhookAction;
  /** `{ "Action": …, "Data": {…} }`, as CONTRACT.md's "Integration webhooks" has it. */
  readonly body: string;
}

/** Where an administrative transaction records the integration webhooks of its changes (the outbox). */
export interface IntegrationWebhookOutbox {
  /** Sent once the transaction commits; nothing when it is rolled back. */
  insertIntegrationWebhook(webhook: IntegrationWebhook): Promise<void>;
}

/**
 * Records, in the change's own transaction, the integration webhook of a change to `integration` (as it is after the
 * change), if its application has an IntegrationWebhookUrl now: without one nothing is recorded, and setting one later
 * sends nothing of the past. `Integration.Name` is the application's name, as in the upstream example.
 */
export async function recordIntegrationWebhook(writer: AdminWriter, integration: Integration, change: IntegrationChange): Promise<void> {
  const application = await writer.findApplication(integration.applicationId);
  if (!application?.integrationWebhookUrl) return;
  const reference = { Id: integration.id, Name: application.name };
  const data = (() => {
    switch (change.action) {
      case 'IntegrationCreated':
        return {
          Enterprise: { Id: change.enterprise.id, Name: change.enterprise.name },
          Service: null,
          Requestor: integration.requestor && { Name: integration.requestor.name, Email: integration.requestor.email },
          AccessToken: integration.accessToken,
          CreatedUtc: formatUtc(integration.createdUtc),
          IsEnabled: integration.state === 'Enabled',
          Integration: reference,
        };
      case 'IntegrationDeleted':
        return { Integration: reference, DeletedUtc: formatUtc(change.deletedUtc) };
      case 'IntegrationApiKeyCreated':
        return { Integration: reference, ApiKey: integration.accessToken };
      default:
        return { Integration: reference };
    }
  })();
  await writer.insertIntegrationWebhook({
    applicationId: integration.applicationId,
    integrationId: integration.id,
    enterpriseId: integration.enterpriseId,
    action: change.action,
    body: JSON.stringify({ Action: change.action, Data: data }),
  });
}
