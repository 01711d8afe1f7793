import type { UtcSeconds } from './time.ts';

/** Identifiers are random UUIDs (v4); none of them carries order. */
export type EnterpriseId = string;
export type IntegrationId = string;
export type MessageThreadId = string;
export type MessageId = string;

/** Who wrote a message: the integration's application, or an employee of the enterprise. */
export const SENDER_DISCRIMINATORS = ['Enterprise', 'Application'] as const;
export type SenderDiscriminator = (typeof SENDER_DISCRIMINATORS)[number];

export interface MessageThread {
  readonly id: MessageThreadId;
  readonly enterpriseId: EnterpriseId;
  /** The integration that created the thread: only it sees the thread through the Connector API. */
  readonly integrationId: IntegrationId;
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
  readonly accessTokenId: string;
  readonly integrationId: IntegrationId;
  /** The enabled enterprises the token covers; more than one makes it a portfolio token. Never empty. */
  readonly enterpriseIds: readonly EnterpriseId[];
}

/** A property (a hotel); disabling it makes every access token that reaches only it answer 401. */
export interface Enterprise {
  readonly id: EnterpriseId;
  readonly name: string;
  readonly isEnabled: boolean;
  readonly createdUtc: UtcSeconds;
}

/** A third-party application, identified by its ClientToken; disabling it makes all its tokens answer 401. */
export interface Integration {
  readonly id: IntegrationId;
  readonly name: string;
  readonly clientToken: string;
  /** Where its general webhooks go; null: none. */
  readonly webhookUrl: string | null;
  /** `whsec_…`: signs its webhook requests; shown to the operator only when created or rotated. */
  readonly webhookSecret: string;
  readonly isEnabled: boolean;
  readonly createdUtc: UtcSeconds;
}

/** An integration's access to one or more enterprises (more than one: a portfolio access token). */
export interface AccessToken {
  readonly id: string;
  readonly value: string;
  readonly integrationId: IntegrationId;
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
