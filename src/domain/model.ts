import type { UtcSeconds } from './time.ts';

/** Identifiers are random UUIDs (v4); none of them carries order. */
export type EnterpriseId = string;
export type IntegrationId = string;
export type MessageThreadId = string;
export type MessageId = string;

/** Who wrote a message: the integration's application, or an employee of the enterprise. */
export type SenderDiscriminator = 'Application' | 'Enterprise';

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
}

/** What a valid ClientToken + AccessToken pair lets a request see and do. */
export interface AccessScope {
  readonly accessTokenId: string;
  readonly integrationId: IntegrationId;
  /** The enabled enterprises the token covers; more than one makes it a portfolio token. Never empty. */
  readonly enterpriseIds: readonly EnterpriseId[];
}
