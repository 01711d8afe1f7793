import type { AdminReader, AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { Integration, IntegrationId } from './model.ts';
import { validName } from './names.ts';
import { nowUtc, type UtcSeconds } from './time.ts';
import { newToken } from './tokens.ts';
import { newWebhookSecret } from './webhook-secret.ts';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * A webhook URL as given, once checked to be an absolute http(s) URL. A secret token in it (CONTRACT.md, "The
 * MessageAdded webhook") is kept as it is.
 *
 * @throws InvalidParameterError `Invalid WebhookUrl` otherwise.
 */
export function validWebhookUrl(value: string): string {
  const reason = 'must be an absolute http or https URL.';
  if (value.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new InvalidParameterError('WebhookUrl', `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters long.`);
  }
  if (!URL.canParse(value)) throw new InvalidParameterError('WebhookUrl', reason);
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidParameterError('WebhookUrl', reason);
  }
  return value;
}

export interface IntegrationAddInput {
  readonly name: string;
  readonly webhookUrl?: string | null | undefined;
}

/** `integrations/add`: a new, enabled integration with a fresh ClientToken. */
export async function addIntegration(
  store: AdminStore,
  input: IntegrationAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<Integration> {
  const integration: Integration = {
    id: newId(),
    name: validName(input.name, 'Name'),
    clientToken: newToken(),
    webhookUrl: input.webhookUrl == null ? null : validWebhookUrl(input.webhookUrl),
    webhookSecret: newWebhookSecret(),
    isEnabled: true,
    createdUtc: now,
  };
  await store.administer((writer) => writer.insertIntegration(integration));
  return integration;
}

/** `integrations/getAll`: every integration, the sandbox's demo ones and disabled ones included, oldest first. */
export function listIntegrations(store: AdminStore): Promise<Integration[]> {
  return store.listIntegrations();
}

export interface IntegrationUpdate {
  readonly integrationId: IntegrationId;
  readonly name?: string | undefined;
  /** null removes the webhook URL; undefined leaves it as it is. */
  readonly webhookUrl?: string | null | undefined;
  readonly isEnabled?: boolean | undefined;
  /** Replaces the webhook signing secret with a new one; the old one stops working at once. */
  readonly rotateWebhookSecret?: boolean | undefined;
}

/** `integrations/update`: what is not given stays as it is. */
export async function updateIntegration(store: AdminStore, update: IntegrationUpdate): Promise<Integration> {
  const name = update.name === undefined ? undefined : validName(update.name, 'Name');
  const webhookUrl = update.webhookUrl == null ? update.webhookUrl : validWebhookUrl(update.webhookUrl);
  const webhookSecret = update.rotateWebhookSecret ? newWebhookSecret() : undefined;
  // Only what is given is written, so that concurrent updates of other fields are not undone.
  return store.administer(async (writer) => {
    const updated = await writer.updateIntegration(update.integrationId, { name, webhookUrl, isEnabled: update.isEnabled, webhookSecret });
    if (!updated) throw new InvalidParameterError('IntegrationId');
    return updated;
  });
}

/**
 * The integration of an operator's request.
 *
 * @throws InvalidParameterError `Invalid IntegrationId` when there is none with that id.
 */
export async function requireIntegration(reader: AdminReader, id: IntegrationId): Promise<Integration> {
  const integration = await reader.findIntegration(id);
  if (!integration) throw new InvalidParameterError('IntegrationId');
  return integration;
}
