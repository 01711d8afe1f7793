import type { UtcSeconds } from './time.ts';
import type { SandboxContext } from './sandbox-clock.ts';

/** Identifiers are random UUIDs (v4); none of them carries order. */
export type EnterpriseId = string;
export type ApplicationId = string;
export type IntegrationId = string;
export type PortfolioAccessTokenId = string;
export type MessageThreadId = string;
export type MessageId = string;

/** Who wrote a message: the application, or an employee of the enterprise. */
export const SENDER_DISCRIMINATORS = ['Enterprise', 'Application'] as const;
export type SenderDiscriminator = (typeof SENDER_DISCRIMINATORS)[number];

export interface MessageThread {
  readonly id: MessageThreadId;
  readonly enterpriseId: EnterpriseId;
  /** The application that created the thread: only it sees the thread through the Connector API. */
  readonly applicationId: ApplicationId;
  readonly originalSender: string;
  readonly subject: string;
  readonly createdUtc: UtcSeconds;
  readonly updatedUtc: UtcSeconds;
  readonly isResolved: boolean;
}

export interface Message {
  readonly id: MessageId;
  readonly messageThreadId: MessageThreadId;
  readonly text: string;
  readonly sender: SenderDiscriminator;
  readonly createdUtc: UtcSeconds;
  /**
   * The staff member who wrote an `Enterprise` message, named as they were then; null for the application's messages.
   * Only staff see it: the Connector API shows `Sender` `Enterprise` alone, as the public service does.
   */
  readonly author: StaffRef | null;
}

/** A staff member as a colleague sees them on a message or a thread: who, by name. */
export interface StaffRef {
  readonly id: StaffId;
  readonly name: string;
}

/** What a valid ClientToken + AccessToken pair lets a request see and do. */
export interface AccessScope {
  /** The integration's id for an integration's token, the portfolio access token's id for a portfolio one. */
  readonly accessTokenId: string;
  readonly applicationId: ApplicationId;
  /** The enabled enterprises the token reaches; more than one only with a portfolio token. Never empty. */
  readonly enterpriseIds: readonly EnterpriseId[];
  /** The sandbox of the token's application, whose clock and seed its writes follow; absent or null outside sandboxes. */
  readonly sandbox?: SandboxContext | null;
}

/** A property (a hotel); disabling it makes every access token that reaches only it answer 401. */
export interface Enterprise {
  readonly id: EnterpriseId;
  readonly name: string;
  readonly isEnabled: boolean;
  readonly createdUtc: UtcSeconds;
}

/** A third-party (client) application, identified by its ClientToken; disabling it makes all its tokens answer 401. */
export interface Application {
  readonly id: ApplicationId;
  readonly name: string;
  readonly clientToken: string;
  /** Where its general webhooks (MessageAdded) go; null: none. */
  readonly webhookUrl: string | null;
  /** Where its integration webhooks go; null: none. */
  readonly integrationWebhookUrl: string | null;
  /** `whsec_…`: signs its webhook requests; shown to the operator only when created or rotated. */
  readonly webhookSecret: string;
  readonly isEnabled: boolean;
  readonly createdUtc: UtcSeconds;
}

/** The states of an integration an operator sees; a removed integration is seen nowhere, and grants nothing. */
export const INTEGRATION_STATES = ['Enabled', 'Disabled', 'Canceled'] as const;
export type IntegrationState = (typeof INTEGRATION_STATES)[number];

/** Who asked for an integration, as the enterprise's side tells it. */
export interface Requestor {
  readonly name: string;
  readonly email: string;
}

/**
 * The unique connection between an enterprise and an application, with its own AccessToken (CONTRACT.md, "The people
 * in the story"); only an `Enabled` one grants anything.
 */
export interface Integration {
  /** Derived from the AccessToken it was created with (`integrationIdOf`); kept when the token is regenerated. */
  readonly id: IntegrationId;
  readonly applicationId: ApplicationId;
  readonly enterpriseId: EnterpriseId;
  readonly accessToken: string;
  readonly state: IntegrationState;
  readonly requestor: Requestor | null;
  readonly createdUtc: UtcSeconds;
}

/**
 * An application's access to several of its enterprises at once: it reaches those of `enterpriseIds` where the
 * application's integration is enabled.
 */
export interface PortfolioAccessToken {
  readonly id: PortfolioAccessTokenId;
  readonly value: string;
  readonly applicationId: ApplicationId;
  readonly enterpriseIds: readonly EnterpriseId[];
  readonly createdUtc: UtcSeconds;
  /** When it stopped granting anything; null while it is valid. */
  readonly revokedUtc: UtcSeconds | null;
}

export type StaffId = string;

/** An employee of an enterprise; the password is only ever stored as a hash, and never part of this. */
export interface Staff {
  readonly id: StaffId;
  readonly enterpriseId: EnterpriseId;
  /** Lower-cased, unique across all enterprises. */
  readonly email: string;
  readonly name: string;
  readonly createdUtc: UtcSeconds;
}

export type SandboxId = string;

/**
 * An isolated world of test tenants made in one call: its enterprises and applications belong to it, and go with it.
 * Its credentials are those of `applicationId` (its integrations with the sandbox's enterprises, and
 * `portfolioAccessTokenId` over them).
 */
export interface Sandbox {
  readonly id: SandboxId;
  readonly name: string;
  /** As given to `sandboxes/add`: the ids of the sandbox's threads, messages and webhooks are drawn from it. */
  readonly seed: string | null;
  readonly applicationId: ApplicationId;
  readonly portfolioAccessTokenId: PortfolioAccessTokenId | null;
  readonly createdUtc: UtcSeconds;
  /** When the expiry sweep removes it; null: never. */
  readonly expiresUtc: UtcSeconds | null;
  /** Its enterprises, oldest first. */
  readonly enterpriseIds: readonly EnterpriseId[];
}

export type AutoReplyId = string;

/** A sandbox's standing reply: every guest message (Sender `Application`) in it gets `text` back after `delayMs`. */
export interface AutoReply {
  readonly id: AutoReplyId;
  readonly sandboxId: SandboxId;
  readonly text: string;
  readonly delayMs: number;
  readonly createdUtc: UtcSeconds;
}

/** A sandbox's staff member with the password generated for it, shown again with the sandbox's other credentials. */
export interface SandboxStaff {
  readonly staff: Staff;
  readonly password: string;
}
