import type {
  Application,
  ApplicationId,
  AutoReply,
  AutoReplyId,
  Enterprise,
  EnterpriseId,
  Integration,
  IntegrationId,
  MessageThread,
  MessageThreadId,
  PortfolioAccessToken,
  PortfolioAccessTokenId,
  Sandbox,
  SandboxId,
  SandboxStaff,
  Staff,
  StaffId,
} from './model.ts';
import type { IntegrationWebhookOutbox } from './integration-webhooks.ts';
import type { SandboxClock, SandboxContext } from './sandbox-clock.ts';
import type { UtcSeconds } from './time.ts';

/** The fields of an enterprise an update may set; those left undefined are not written. */
export type EnterpriseChanges = Partial<Pick<Enterprise, 'name' | 'isEnabled'>>;
/** The fields of an application an update may set; those left undefined are not written (a null webhook URL is). */
export type ApplicationChanges = Partial<
  Pick<Application, 'name' | 'webhookUrl' | 'integrationWebhookUrl' | 'webhookSecret' | 'isEnabled'>
>;
/** The fields of an integration a change may set; those left undefined are not written. */
export type IntegrationChanges = Partial<Pick<Integration, 'state' | 'accessToken'>>;

/** What the operator's administration reads from storage. */
export interface AdminReader {
  /** Every enterprise, oldest first. */
  listEnterprises(): Promise<Enterprise[]>;
  /** Those of `ids` that exist. */
  findEnterprises(ids: readonly EnterpriseId[]): Promise<Enterprise[]>;
  /** Every application, oldest first. */
  listApplications(): Promise<Application[]>;
  findApplication(id: ApplicationId): Promise<Application | undefined>;
  /** The integrations of an application, of an enterprise, of both, or all (nothing given); oldest first. */
  listIntegrations(filter: { applicationId?: ApplicationId | undefined; enterpriseId?: EnterpriseId | undefined }): Promise<Integration[]>;
  findIntegration(id: IntegrationId): Promise<Integration | undefined>;
  /** An application's portfolio access tokens, revoked ones included, oldest first; each one's enterprise ids sorted. */
  listPortfolioAccessTokens(applicationId: ApplicationId): Promise<PortfolioAccessToken[]>;
  findPortfolioAccessToken(id: PortfolioAccessTokenId): Promise<PortfolioAccessToken | undefined>;
  /** Staff of one enterprise, or of all of them; oldest first. */
  listStaff(enterpriseId?: EnterpriseId): Promise<Staff[]>;
  /** Every sandbox, oldest first. */
  listSandboxes(): Promise<Sandbox[]>;
  findSandbox(id: SandboxId): Promise<Sandbox | undefined>;
  /** The staff of a sandbox's enterprises that it made, with their generated passwords; oldest first. */
  listSandboxStaff(id: SandboxId): Promise<SandboxStaff[]>;
  /** The sandboxes whose `expiresUtc` is before `nowUtc`. */
  listExpiredSandboxes(nowUtc: UtcSeconds): Promise<SandboxId[]>;
  /** The thread, if it is in an enterprise of a sandbox (the demo's included); undefined otherwise. */
  findSandboxThread(id: MessageThreadId): Promise<MessageThread | undefined>;
  /** A sandbox's auto-replies, oldest first. */
  listAutoReplies(sandboxId: SandboxId): Promise<AutoReply[]>;
  /** How a sandbox's clock is set; undefined when there is no such sandbox. */
  findSandboxClock(id: SandboxId): Promise<SandboxClock | undefined>;
  /** The creation second of the sandbox's newest thread or message; null when it has none. */
  findSandboxNewestUtc(id: SandboxId): Promise<UtcSeconds | null>;
  /** The sandbox an enterprise belongs to, with its clock and seed; null for an operator's own enterprise. */
  findSandboxOfEnterprise(enterpriseId: EnterpriseId): Promise<SandboxContext | null>;
}

/** The reads and writes of one administrative transaction, and the integration webhooks its changes record. */
export interface AdminWriter extends AdminReader, IntegrationWebhookOutbox {
  insertEnterprise(enterprise: Enterprise): Promise<void>;
  /**
   * Sets the given fields only (others stay as the row has them, even if another transaction changed them since this
   * one read it); the enterprise as stored afterwards, or undefined when there is none with that id.
   */
  updateEnterprise(id: EnterpriseId, changes: EnterpriseChanges): Promise<Enterprise | undefined>;
  insertApplication(application: Application): Promise<void>;
  /** As `updateEnterprise`: the given fields only; the application as stored afterwards, or undefined. */
  updateApplication(id: ApplicationId, changes: ApplicationChanges): Promise<Application | undefined>;
  /** Inserts unless its pair (application, enterprise) has one already, even by a concurrent insert; false then. */
  insertIntegration(integration: Integration): Promise<boolean>;
  /** As `updateEnterprise`: the given fields only; the integration as stored afterwards, or undefined. */
  updateIntegration(id: IntegrationId, changes: IntegrationChanges): Promise<Integration | undefined>;
  deleteIntegration(id: IntegrationId): Promise<void>;
  insertPortfolioAccessToken(token: PortfolioAccessToken): Promise<void>;
  revokePortfolioAccessToken(id: PortfolioAccessTokenId, revokedUtc: UtcSeconds): Promise<void>;
  /** Inserts unless the email is taken (even by a concurrent insert); false when it is. */
  insertStaff(staff: Staff, passwordHash: string): Promise<boolean>;
  /**
   * Deletes a staff member and everything that is theirs, and unassigns their threads (an activity for each, at
   * `at`); false when there is no such staff member. What they wrote stays, under their name.
   */
  deleteStaff(id: StaffId, at: UtcSeconds): Promise<boolean>;
  /**
   * Inserts a sandbox and makes its enterprises (`sandbox.enterpriseIds`), applications and staff, inserted before in
   * this transaction, its members; each staff member's generated password is kept with it. With a seed, the sandbox
   * draws its ids from one no other sandbox draws from (the seed, or `seed#n` for the n-th with it).
   */
  insertSandbox(
    sandbox: Sandbox,
    applicationIds: readonly ApplicationId[],
    staff: readonly { readonly staffId: StaffId; readonly password: string }[],
  ): Promise<void>;
  /**
   * Deletes what happened in a sandbox, keeping its tenants and credentials: the threads and messages of its
   * enterprises and applications, their webhook events, deliveries and attempts, its enterprises' activity feed, its
   * staff's sessions, its auto-replies with those due, its request journal and its faults; its clock goes back to real
   * time and its seed to its first id. Waits first for the writes in the sandbox under way (see
   * `MessagingWriter.holdSandbox`), and keeps new ones waiting until the transaction ends. The demo sandbox then gets
   * its seeded thread back.
   */
  deleteSandboxActivity(id: SandboxId): Promise<void>;
  /**
   * Deletes a sandbox's activity, then its tenants, their integrations, tokens and staff, and the sandbox; false when
   * there was no such sandbox by then (a concurrent transaction removed it). Waits first for the writes in the sandbox
   * under way, as `deleteSandboxActivity` does.
   */
  deleteSandbox(id: SandboxId): Promise<boolean>;
  insertAutoReply(reply: AutoReply): Promise<void>;
  /** Deletes an auto-reply and the replies of it still due; false when there was none. */
  deleteAutoReply(id: AutoReplyId): Promise<boolean>;
  updateSandboxClock(id: SandboxId, clock: SandboxClock): Promise<void>;
}

/** The port the operator's administration (admin API and CLI) works through. */
export interface AdminStore extends AdminReader {
  /** Runs `work` in one transaction and resolves once it is committed; a `work` that throws changes nothing. */
  administer<T>(work: (writer: AdminWriter) => Promise<T>): Promise<T>;
}
