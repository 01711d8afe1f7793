import type { AdminReader, AdminStore, AdminWriter } from './admin-store.ts';
import { requireApplication } from './applications.ts';
import { requireEnterprise } from './enterprises.ts';
import { InvalidParameterError } from './errors.ts';
import { recordIntegrationWebhook, type IntegrationChange } from './integration-webhooks.ts';
import type { ApplicationId, EnterpriseId, Integration, IntegrationId, IntegrationState, Requestor } from './model.ts';
import { validName } from './names.ts';
import { normalizeEmail } from './staff.ts';
import { nowUtc, type UtcSeconds } from './time.ts';
import { newToken } from './tokens.ts';

/**
 * An integration's id: the first 32 hexadecimal digits of its AccessToken written as a lower-case UUID, as the public
 * service's example has it.
 *
 * @example integrationIdOf('C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D')
 *   // 'c66ef7b2-39d2-4632-943d-115ede9cb810'
 */
export function integrationIdOf(accessToken: string): IntegrationId {
  const hex = accessToken.replace(/[^0-9a-f]/gi, '').slice(0, 32).toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A new integration of an application with an enterprise, enabled, with a fresh AccessToken. */
export function newIntegration(
  applicationId: ApplicationId,
  enterpriseId: EnterpriseId,
  requestor: Requestor | null,
  now: UtcSeconds,
): Integration {
  const accessToken = newToken();
  return { id: integrationIdOf(accessToken), applicationId, enterpriseId, accessToken, state: 'Enabled', requestor, createdUtc: now };
}

export interface IntegrationAddInput {
  readonly applicationId: ApplicationId;
  readonly enterpriseId: EnterpriseId;
  readonly requestor?: { readonly name: string; readonly email: string } | null | undefined;
}

/**
 * `integrations/add`: connects an application to an enterprise with a fresh AccessToken. There is one integration per
 * pair: a second one is `Invalid EnterpriseId`.
 */
export async function addIntegration(store: AdminStore, input: IntegrationAddInput, now: UtcSeconds = nowUtc()): Promise<Integration> {
  const requestor =
    input.requestor == null
      ? null
      : { name: validName(input.requestor.name, 'Requestor.Name'), email: normalizeEmail(input.requestor.email, 'Requestor.Email') };
  return store.administer(async (writer) => {
    await requireApplication(writer, input.applicationId);
    const enterprise = await requireEnterprise(writer, input.enterpriseId);
    const integration = newIntegration(input.applicationId, input.enterpriseId, requestor, now);
    if (!(await writer.insertIntegration(integration))) throw new InvalidParameterError('EnterpriseId');
    await recordIntegrationWebhook(writer, integration, { action: 'IntegrationCreated', enterprise });
    return integration;
  });
}

export interface IntegrationFilter {
  readonly applicationId?: ApplicationId | null | undefined;
  readonly enterpriseId?: EnterpriseId | null | undefined;
}

/** `integrations/getAll`: the integrations of an application, of an enterprise, of both or of all, oldest first. */
export async function listIntegrations(store: AdminStore, filter: IntegrationFilter): Promise<Integration[]> {
  if (filter.applicationId != null) await requireApplication(store, filter.applicationId);
  if (filter.enterpriseId != null) await requireEnterprise(store, filter.enterpriseId);
  return store.listIntegrations({ applicationId: filter.applicationId ?? undefined, enterpriseId: filter.enterpriseId ?? undefined });
}

/**
 * The integration of an operator's request.
 *
 * @throws InvalidParameterError `Invalid IntegrationId` when there is none with that id.
 */
async function requireIntegration(reader: AdminReader, id: IntegrationId): Promise<Integration> {
  const integration = await reader.findIntegration(id);
  if (!integration) throw new InvalidParameterError('IntegrationId');
  return integration;
}

/**
 * Moves an integration from one of `from` to `to` in one transaction, with its webhook `change`, and answers it as it
 * is afterwards (unchanged, and no webhook, when it was in none of `from`: `refuse` says whether that is an error).
 */
async function changeState(
  store: AdminStore,
  id: IntegrationId,
  from: readonly IntegrationState[],
  to: IntegrationState,
  change: IntegrationChange,
  refuse?: (integration: Integration) => never,
): Promise<Integration> {
  return store.administer(async (writer: AdminWriter) => {
    const integration = await requireIntegration(writer, id);
    if (integration.state === to) return integration;
    if (!from.includes(integration.state)) return refuse ? refuse(integration) : integration;
    const changed = await writer.updateIntegration(id, { state: to });
    if (!changed) return requireIntegration(writer, id);
    await recordIntegrationWebhook(writer, changed, change);
    return changed;
  });
}

/**
 * `integrations/update`: enables or disables an integration; a disabled one's AccessToken answers 401, and portfolio
 * tokens no longer reach its enterprise.
 *
 * @throws InvalidParameterError `Invalid IntegrationId` when there is none, or it is canceled (reinstate it first).
 */
export function updateIntegration(store: AdminStore, update: { integrationId: IntegrationId; isEnabled: boolean }): Promise<Integration> {
  const [from, to]: [IntegrationState[], IntegrationState] = update.isEnabled ? [['Disabled'], 'Enabled'] : [['Enabled'], 'Disabled'];
  const action = update.isEnabled ? 'IntegrationEnabled' : 'IntegrationDisabled';
  return changeState(store, update.integrationId, from, to, { action }, () => {
    throw new InvalidParameterError('IntegrationId', 'is canceled; reinstate it first.');
  });
}

/** `integrations/cancel`: the integration grants nothing until reinstated. Canceling a canceled one changes nothing. */
export function cancelIntegration(store: AdminStore, integrationId: IntegrationId): Promise<Integration> {
  return changeState(store, integrationId, ['Enabled', 'Disabled'], 'Canceled', { action: 'IntegrationCanceled' });
}

/** `integrations/reinstate`: a canceled integration is enabled again; any other is left as it is. */
export function reinstateIntegration(store: AdminStore, integrationId: IntegrationId): Promise<Integration> {
  return changeState(store, integrationId, ['Canceled'], 'Enabled', { action: 'IntegrationReinstated' });
}

/**
 * `integrations/regenerateAccessToken`: a fresh AccessToken replaces the integration's at once (the old one answers
 * 401 from this commit on); its Id stays.
 */
export async function regenerateIntegrationAccessToken(store: AdminStore, integrationId: IntegrationId): Promise<Integration> {
  return store.administer(async (writer) => {
    await requireIntegration(writer, integrationId);
    const changed = await writer.updateIntegration(integrationId, { accessToken: newToken() });
    if (!changed) return requireIntegration(writer, integrationId);
    await recordIntegrationWebhook(writer, changed, { action: 'IntegrationApiKeyCreated' });
    return changed;
  });
}

/** `integrations/remove`: the integration is deleted; its AccessToken answers 401, and its pair may be added again. */
export async function removeIntegration(store: AdminStore, integrationId: IntegrationId, now: UtcSeconds = nowUtc()): Promise<Integration> {
  return store.administer(async (writer) => {
    const integration = await requireIntegration(writer, integrationId);
    await writer.deleteIntegration(integrationId);
    await recordIntegrationWebhook(writer, integration, { action: 'IntegrationDeleted', deletedUtc: now });
    return integration;
  });
}
