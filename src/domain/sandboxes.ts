import { randomBytes } from 'node:crypto';
import type { AdminReader, AdminStore, AdminWriter } from './admin-store.ts';
import { addApplication } from './applications.ts';
import { addEnterprise } from './enterprises.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import { addIntegration } from './integrations.ts';
import type { Application, Enterprise, Integration, PortfolioAccessToken, Sandbox, SandboxId, SandboxStaff } from './model.ts';
import { validName } from './names.ts';
import { addPortfolioAccessToken } from './portfolio-access-tokens.ts';
import { insertStaff, prepareStaff } from './staff.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/**
 * The sandbox the public demo's tenants form (seeded in `sandbox` and `development` mode): a fixed id, as ids are UUIDs
 * everywhere, so that it is the same on every machine. It can be reset, never removed: the next start would seed it
 * again.
 */
export const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';
export const DEMO_SANDBOX_NAME = 'demo';

export const DEFAULT_ENTERPRISE_COUNT = 2;
export const MAX_ENTERPRISE_COUNT = 10;
/** A sandbox lives at most a week; without TimeToLiveMinutes it never expires. */
export const MAX_TIME_TO_LIVE_MINUTES = 7 * 24 * 60;
export const MAX_SEED_LENGTH = 255;
const DEFAULT_NAME = 'Sandbox';

export interface SandboxAddInput {
  readonly name?: string | undefined;
  readonly enterpriseCount?: number | undefined;
  readonly webhookUrl?: string | null | undefined;
  readonly integrationWebhookUrl?: string | null | undefined;
  readonly seed?: string | null | undefined;
  readonly timeToLiveMinutes?: number | null | undefined;
}

/** Everything a test needs of a sandbox: its tenants with their credentials. */
export interface SandboxCredentials {
  readonly sandbox: Sandbox;
  readonly application: Application;
  /** Each enterprise with the application's integration with it (undefined once an operator removed that). */
  readonly enterprises: readonly { readonly enterprise: Enterprise; readonly integration: Integration | undefined }[];
  readonly portfolioAccessToken: PortfolioAccessToken | undefined;
  readonly staff: readonly SandboxStaff[];
}

function wholeNumberIn(value: number, min: number, max: number, parameter: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** The admin store of one open transaction: the domain's own operations then write in it rather than in their own. */
function inTransaction(writer: AdminWriter): AdminStore {
  return { ...writer, administer: (work) => work(writer) };
}

/** A generated staff password: 144 random bits, URL-safe. */
function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * `sandboxes/add`: in one transaction, an application, `enterpriseCount` enterprises each with an integration of it and
 * one staff member (`staff@<enterprise id>.sandbox.invalid`, a generated password), and a portfolio token over them.
 * With a `seed`, the ids of what happens in the sandbox are drawn from it (`seededId`); a second sandbox with
 * the same seed draws from `seed#2`, and so on, so that no two draw the same ids.
 */
export async function addSandbox(store: AdminStore, input: SandboxAddInput, now: UtcSeconds = nowUtc()): Promise<SandboxCredentials> {
  const name = validName(input.name ?? DEFAULT_NAME, 'Name');
  const count = wholeNumberIn(input.enterpriseCount ?? DEFAULT_ENTERPRISE_COUNT, 1, MAX_ENTERPRISE_COUNT, 'EnterpriseCount');
  const ttl = input.timeToLiveMinutes == null ? null : wholeNumberIn(input.timeToLiveMinutes, 1, MAX_TIME_TO_LIVE_MINUTES, 'TimeToLiveMinutes');
  if (input.seed != null && (input.seed.length === 0 || input.seed.length > MAX_SEED_LENGTH)) {
    throw new InvalidParameterError('Seed', `must be 1 to ${MAX_SEED_LENGTH} characters long.`);
  }
  // Prepared before the transaction; the enterprise each one joins is known only inside it.
  const staff = await Promise.all(
    Array.from({ length: count }, async () => {
      const password = newPassword();
      const email = `staff@${newId()}.sandbox.invalid`;
      return { password, prepared: await prepareStaff({ enterpriseId: '', email, password, name: 'Reception' }, now, { generated: true }) };
    }),
  );
  return store.administer(async (writer) => {
    const inside = inTransaction(writer);
    const application = await addApplication(inside, { name, webhookUrl: input.webhookUrl, integrationWebhookUrl: input.integrationWebhookUrl }, now);
    const enterpriseIds: string[] = [];
    for (let i = 1; i <= count; i++) {
      // Lettered like the demo's (A, B, …), so that listing them by name keeps this order.
      const enterprise = await addEnterprise(inside, { name: `${name}: enterprise ${String.fromCharCode(64 + i)}` }, now);
      await addIntegration(inside, { applicationId: application.id, enterpriseId: enterprise.id }, now);
      enterpriseIds.push(enterprise.id);
    }
    const portfolio = await addPortfolioAccessToken(inside, { applicationId: application.id, enterpriseIds }, now);
    for (const [i, { prepared }] of staff.entries()) {
      await insertStaff(writer, { ...prepared, staff: { ...prepared.staff, enterpriseId: enterpriseIds[i]! } });
    }
    const sandbox: Sandbox = {
      id: newId(),
      name,
      seed: input.seed ?? null,
      applicationId: application.id,
      portfolioAccessTokenId: portfolio.id,
      createdUtc: now,
      expiresUtc: ttl === null ? null : now + ttl * 60,
      enterpriseIds,
    };
    await writer.insertSandbox(
      sandbox,
      [application.id],
      staff.map(({ password, prepared }) => ({ staffId: prepared.staff.id, password })),
    );
    return sandboxCredentials(writer, sandbox);
  });
}

/** A sandbox's tenants and credentials, as they are now. */
async function sandboxCredentials(reader: AdminReader, sandbox: Sandbox): Promise<SandboxCredentials> {
  const [application, integrations, enterprises, portfolioAccessToken, staff] = await Promise.all([
    reader.findApplication(sandbox.applicationId),
    reader.listIntegrations({ applicationId: sandbox.applicationId }),
    reader.findEnterprises(sandbox.enterpriseIds),
    sandbox.portfolioAccessTokenId === null ? undefined : reader.findPortfolioAccessToken(sandbox.portfolioAccessTokenId),
    reader.listSandboxStaff(sandbox.id),
  ]);
  // Members are removed with their sandbox only, and an application is never deleted.
  if (!application) throw new Error(`sandbox ${sandbox.id} has lost its application`);
  return {
    sandbox,
    application,
    enterprises: sandbox.enterpriseIds.flatMap((id) => {
      const enterprise = enterprises.find((e) => e.id === id);
      return enterprise ? [{ enterprise, integration: integrations.find((i) => i.enterpriseId === id) }] : [];
    }),
    portfolioAccessToken,
    staff: [...staff].sort((a, b) => sandbox.enterpriseIds.indexOf(a.staff.enterpriseId) - sandbox.enterpriseIds.indexOf(b.staff.enterpriseId)),
  };
}

/** `sandboxes/getAll`: every sandbox with its credentials, the demo one included, oldest first. */
export async function listSandboxes(store: AdminStore): Promise<SandboxCredentials[]> {
  const sandboxes = await store.listSandboxes();
  return Promise.all(sandboxes.map((sandbox) => sandboxCredentials(store, sandbox)));
}

async function requireSandbox(reader: AdminReader, id: SandboxId): Promise<Sandbox> {
  const sandbox = await reader.findSandbox(id);
  if (!sandbox) throw new InvalidParameterError('SandboxId');
  return sandbox;
}

/**
 * `sandboxes/reset`: what happened in the sandbox is deleted (threads, messages, webhook deliveries, activity, staff
 * sessions, the request journal), and its auto-replies and faults; its tenants and credentials stay. The demo sandbox is
 * back to its seed: its one thread is there again, as seeded.
 */
export async function resetSandbox(store: AdminStore, id: SandboxId): Promise<SandboxCredentials> {
  return store.administer(async (writer) => {
    const sandbox = await requireSandbox(writer, id);
    await writer.deleteSandboxActivity(id);
    return sandboxCredentials(writer, sandbox);
  });
}

/**
 * `sandboxes/remove`: the sandbox and everything in it are deleted; its tokens answer 401 and its staff cannot sign in.
 *
 * @throws InvalidParameterError `Invalid SandboxId` when there is none, or it is the demo's.
 */
export async function removeSandbox(store: AdminStore, id: SandboxId): Promise<void> {
  if (id === DEMO_SANDBOX_ID) throw new InvalidParameterError('SandboxId', 'the demo sandbox cannot be removed; reset it instead.');
  await store.administer(async (writer) => {
    await requireSandbox(writer, id);
    if (!(await writer.deleteSandbox(id))) throw new InvalidParameterError('SandboxId');
  });
}

/**
 * The expiry sweep: removes each sandbox expired at `now`, one transaction each. Safe in several processes at once: a
 * sandbox another process removed meanwhile is passed over. Resolves with how many this call removed.
 */
export async function removeExpiredSandboxes(store: Pick<AdminStore, 'listExpiredSandboxes' | 'administer'>, now: UtcSeconds = nowUtc()): Promise<number> {
  let removed = 0;
  for (const id of await store.listExpiredSandboxes(now)) {
    removed += await store.administer(async (writer) => {
      const sandbox = await writer.findSandbox(id);
      if (!sandbox || sandbox.expiresUtc === null || sandbox.expiresUtc >= now) return 0;
      // Another process may have removed it between the read and the delete (PostgreSQL's READ COMMITTED).
      return (await writer.deleteSandbox(id)) ? 1 : 0;
    });
  }
  return removed;
}
