import type { AdminReader, AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { Application, ApplicationId } from './model.ts';
import { validName } from './names.ts';
import { nowUtc, type UtcSeconds } from './time.ts';
import { newToken } from './tokens.ts';
import { newWebhookSecret } from './webhook-secret.ts';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * A webhook URL as given, once checked to be an absolute http(s) URL. A secret token in it (CONTRACT.md, "The
 * MessageAdded webhook") is kept as it is.
 *
 * @throws InvalidParameterError `Invalid <parameter>` otherwise.
 */
export function validWebhookUrl(value: string, parameter = 'WebhookUrl'): string {
  const reason = 'must be an absolute http or https URL.';
  if (value.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new InvalidParameterError(parameter, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters long.`);
  }
  if (!URL.canParse(value)) throw new InvalidParameterError(parameter, reason);
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidParameterError(parameter, reason);
  }
  return value;
}

/** A webhook URL to set: null and undefined stay as they are (remove it, leave it). */
function optionalWebhookUrl<T extends string | null | undefined>(value: T, parameter: string): T {
  return (value == null ? value : validWebhookUrl(value, parameter)) as T;
}

export interface ApplicationAddInput {
  readonly name: string;
  readonly webhookUrl?: string | null | undefined;
  readonly integrationWebhookUrl?: string | null | undefined;
}

/** `applications/add`: a new, enabled application with a fresh ClientToken and webhook signing secret. */
export async function addApplication(
  store: AdminStore,
  input: ApplicationAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<Application> {
  const application: Application = {
    id: newId(),
    name: validName(input.name, 'Name'),
    clientToken: newToken(),
    webhookUrl: optionalWebhookUrl(input.webhookUrl, 'WebhookUrl') ?? null,
    integrationWebhookUrl: optionalWebhookUrl(input.integrationWebhookUrl, 'IntegrationWebhookUrl') ?? null,
    webhookSecret: newWebhookSecret(),
    isEnabled: true,
    createdUtc: now,
  };
  await store.administer((writer) => writer.insertApplication(application));
  return application;
}

/** `applications/getAll`: every application, the sandbox's demo ones and disabled ones included, oldest first. */
export function listApplications(store: AdminStore): Promise<Application[]> {
  return store.listApplications();
}

export interface ApplicationUpdate {
  readonly applicationId: ApplicationId;
  readonly name?: string | undefined;
  /** null removes the webhook URL; undefined leaves it as it is. */
  readonly webhookUrl?: string | null | undefined;
  /** null removes the integration-webhook URL; undefined leaves it as it is. */
  readonly integrationWebhookUrl?: string | null | undefined;
  readonly isEnabled?: boolean | undefined;
  /** Replaces the webhook signing secret with a new one; the old one stops working at once. */
  readonly rotateWebhookSecret?: boolean | undefined;
}

/** `applications/update`: what is not given stays as it is. */
export async function updateApplication(store: AdminStore, update: ApplicationUpdate): Promise<Application> {
  const changes = {
    name: update.name === undefined ? undefined : validName(update.name, 'Name'),
    webhookUrl: optionalWebhookUrl(update.webhookUrl, 'WebhookUrl'),
    integrationWebhookUrl: optionalWebhookUrl(update.integrationWebhookUrl, 'IntegrationWebhookUrl'),
    isEnabled: update.isEnabled,
    webhookSecret: update.rotateWebhookSecret ? newWebhookSecret() : undefined,
  };
  // Only what is given is written, so that concurrent updates of other fields are not undone.
  return store.administer(async (writer) => {
    const updated = await writer.updateApplication(update.applicationId, changes);
    if (!updated) throw new InvalidParameterError('ApplicationId');
    return updated;
  });
}

/**
 * The application of an operator's request.
 *
 * @throws InvalidParameterError `Invalid ApplicationId` when there is none with that id.
 */
export async function requireApplication(reader: AdminReader, id: ApplicationId): Promise<Application> {
  const application = await reader.findApplication(id);
  if (!application) throw new InvalidParameterError('ApplicationId');
  return application;
}
