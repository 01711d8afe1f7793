import type { AdminReader, AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { Enterprise, EnterpriseId } from './model.ts';
import { validName } from './names.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/** `enterprises/add`: a new, enabled enterprise. */
export async function addEnterprise(
  store: AdminStore,
  input: { readonly name: string },
  now: UtcSeconds = nowUtc(),
): Promise<Enterprise> {
  const enterprise: Enterprise = { id: newId(), name: validName(input.name, 'Name'), isEnabled: true, createdUtc: now };
  await store.administer((writer) => writer.insertEnterprise(enterprise));
  return enterprise;
}

/** `enterprises/getAll`: every enterprise, disabled ones included, oldest first. */
export function listEnterprises(store: AdminStore): Promise<Enterprise[]> {
  return store.listEnterprises();
}

export interface EnterpriseUpdate {
  readonly enterpriseId: EnterpriseId;
  readonly name?: string | undefined;
  readonly isEnabled?: boolean | undefined;
}

/** `enterprises/update`: renames, enables or disables; what is not given stays as it is. */
export async function updateEnterprise(store: AdminStore, update: EnterpriseUpdate): Promise<Enterprise> {
  const name = update.name === undefined ? undefined : validName(update.name, 'Name');
  // Only what is given is written, so that concurrent updates of other fields are not undone.
  return store.administer(async (writer) => {
    const updated = await writer.updateEnterprise(update.enterpriseId, { name, isEnabled: update.isEnabled });
    if (!updated) throw new InvalidParameterError('EnterpriseId');
    return updated;
  });
}

/**
 * The enterprise of an operator's request.
 *
 * @throws InvalidParameterError `Invalid EnterpriseId` when there is none with that id.
 */
export async function requireEnterprise(reader: AdminReader, id: EnterpriseId): Promise<Enterprise> {
  const [enterprise] = await reader.findEnterprises([id]);
  if (!enterprise) throw new InvalidParameterError('EnterpriseId');
  return enterprise;
}
