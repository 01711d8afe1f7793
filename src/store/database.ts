import type { ColumnType, Generated } from 'kysely';
import type { ActivityDiscriminator } from '../domain/activity.ts';
import type { IntegrationState, SenderDiscriminator } from '../domain/model.ts';
import type { IntegrationWebhookAction } from '../domain/integration-webhooks.ts';
import type { WebhookDeliveryStatus, WebhookKind } from '../domain/webhook-delivery-log.ts';

/**
 * The tables, as Kysely sees them. Both engines store the same values: instants as whole Unix seconds (the wire's
 * precision), flags as 0/1, identifiers as UUID text, and a `seq` that numbers rows in creation order so that items
 * created in the same second keep their order in pages.
 */
export interface Database {
  enterprises: EnterpriseTable & SandboxMember;
  applications: ApplicationTable & SandboxMember;
  integrations: IntegrationTable;
  access_tokens: AccessTokenTable;
  access_token_enterprises: AccessTokenEnterpriseTable;
  message_threads: MessageThreadTable;
  messages: MessageTable;
  staff: StaffTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  staff_sessions: StaffSessionTable;
  staff_thread_reads: StaffThreadReadTable;
  activity_feed: ActivityFeedTable;
  quick_replies: QuickReplyTable;
  sandboxes: SandboxTable;
  sandbox_staff: SandboxStaffTable;
  auto_replies: AutoReplyTable;
  due_auto_replies: DueAutoReplyTable;
  webhook_behaviours: WebhookBehaviourTable;
  request_journal: RequestJournalTable;
  faults: FaultTable;
}

/** The sandbox a tenant belongs to (null: an operator's own); written only by the sandboxes' repository. */
export interface SandboxMember {
  sandbox_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type Flag = 0 | 1;

/** A boolean as a flag column stores it. */
export function toFlag(value: boolean): Flag {
  return value ? 1 : 0;
}

export interface EnterpriseTable {
  id: string;
  name: string;
  is_enabled: Flag;
  created_utc: number;
}

export interface ApplicationTable {
  id: string;
  name: string;
  client_token: string;
  webhook_url: string | null;
  integration_webhook_url: string | null;
  /** `whsec_…`: signs this application's webhook requests (Standard Webhooks). */
  webhook_secret: string;
  is_enabled: Flag;
  created_utc: number;
}

/** One per (application, enterprise) pair; a removed integration's row stays, `Deleted`, until the pair is added again. */
export interface IntegrationTable {
  id: string;
  application_id: string;
  enterprise_id: string;
  /** The token itself, shown to the operator; requests find it by `access_token_hash`. */
  access_token: string;
  /** SHA-256 of the token, hex, as `access_tokens.value_hash`. */
  access_token_hash: string;
  state: IntegrationState | 'Deleted';
  requestor_name: string | null;
  requestor_email: string | null;
  created_utc: number;
}

/** Portfolio access tokens (the table's name is older than the integrations, which hold their own tokens). */
export interface AccessTokenTable {
  id: string;
  /** The token itself, shown to the operator; requests find it by `value_hash`. */
  value: string;
  /** SHA-256 of the value, hex: the lookup key, so the lookup's timing says nothing about the secret. */
  value_hash: string;
  application_id: string;
  revoked_utc: number | null;
  created_utc: number;
}

export interface AccessTokenEnterpriseTable {
  access_token_id: string;
  enterprise_id: string;
}

export interface MessageThreadTable {
  seq: Generated<number>;
  id: string;
  enterprise_id: string;
  application_id: string;
  original_sender: string;
  subject: string;
  created_utc: number;
  updated_utc: number;
  is_resolved: Flag;
  /** The staff member the thread is assigned to; null: nobody (and when they are removed). */
  assigned_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MessageTable {
  seq: Generated<number>;
  id: string;
  message_thread_id: string;
  text: string;
  sender: SenderDiscriminator;
  created_utc: number;
  /** Who wrote an `Enterprise` message, and their name then; null for the application's (and older staff messages). */
  author_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
  author_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StaffTable {
  id: string;
  enterprise_id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash`, see domain/passwords.ts. */
  password_hash: string;
  created_utc: number;
}

/**
 * The transactional outbox: one row per MessageAdded event, written in the message's own transaction for applications
 * that have a webhook URL, naming the integration it is for. `delivery_id` is set when the event is put into a request.
 * Times here are milliseconds.
 */
export interface WebhookEventTable {
  seq: Generated<number>;
  application_id: string;
  /** Never null once migration 0005 ran (SQLite adds a column to a table only as nullable or with a default). */
  integration_id: string;
  enterprise_id: string;
  message_id: string;
  created_ms: number;
  delivery_id: string | null;
}

/**
 * One request's worth of events; its `id` is the `webhook-id` header, the same on every retry. A MessageAdded delivery
 * carries the `webhook_events` that point to it; an integration webhook is one event, recorded as its delivery, with its
 * body.
 */
export interface WebhookDeliveryTable {
  seq: Generated<number>;
  id: string;
  application_id: string;
  /** The `IntegrationId` of its body; as `webhook_events.integration_id`, never null once migration 0005 ran. */
  integration_id: string;
  enterprise_id: string;
  /** Defaults to MessageAdded, the kind of every delivery before integration webhooks. */
  kind: Generated<WebhookKind>;
  /** An integration webhook's `Action`; null for MessageAdded. */
  action: IntegrationWebhookAction | null;
  /** An integration webhook's request body, as recorded; null for MessageAdded (built from its events). */
  body: string | null;
  status: WebhookDeliveryStatus;
  attempt_count: number;
  created_ms: number;
  /** Start of the retry window that WEBHOOK_GIVE_UP_AFTER_MS measures; a redelivery starts a new one. */
  window_start_ms: number;
  /**
   * When the next attempt is due while pending; once the delivery ended, when its last attempt fell due (nothing moves
   * it then), which is what WEBHOOK_RETENTION_DAYS counts from.
   */
  next_attempt_ms: number;
  /** Set while a process is sending it: nobody else sends it before this instant. */
  lease_until_ms: number | null;
  lease_token: string | null;
}

export interface WebhookAttemptTable {
  seq: Generated<number>;
  delivery_id: string;
  attempted_ms: number;
  /** Without its query string or credentials: secrets put in the URL are never stored. */
  url: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface StaffSessionTable {
  /** SHA-256 of the session token, hex; the token itself is never stored. */
  token_hash: string;
  staff_id: string;
  created_utc: number;
  expires_utc: number;
}

export interface StaffThreadReadTable {
  staff_id: string;
  message_thread_id: string;
  /** The `seq` of the newest message the staff member has seen; 0 when the thread had none. */
  read_message_seq: number;
}

export interface ActivityFeedTable {
  seq: Generated<number>;
  enterprise_id: string;
  discriminator: ActivityDiscriminator;
  message_thread_id: string;
  message_id: string | null;
  created_utc: number;
}

/** An enterprise's saved reply texts, in the order they were added. */
export interface QuickReplyTable {
  seq: Generated<number>;
  id: string;
  enterprise_id: string;
  text: string;
  created_utc: number;
}

export interface SandboxTable {
  id: string;
  name: string;
  seed: string | null;
  /** The application whose credentials the sandbox shows. */
  application_id: string;
  portfolio_access_token_id: string | null;
  created_utc: number;
  expires_utc: number | null;
  /** How its clock is set (see `SandboxClock`); all null: real time. */
  clock_offset_s: ColumnType<number | null, number | null | undefined, number | null>;
  clock_frozen_utc: ColumnType<number | null, number | null | undefined, number | null>;
  clock_floor_utc: ColumnType<number | null, number | null | undefined, number | null>;
  /** The seed its ids are drawn from: its `seed`, unless it was made before ids were drawn from seeds. */
  id_seed: ColumnType<string | null, string | null | undefined, string | null>;
  /** How many ids have been drawn from its seed. */
  id_counter: ColumnType<number, number | undefined, number>;
}

/** The staff a sandbox made, with the password generated for each: test credentials, shown like its tokens. */
export interface SandboxStaffTable {
  staff_id: string;
  sandbox_id: string;
  password: string;
}

/** A sandbox's standing reply to every guest message. */
export interface AutoReplyTable {
  id: string;
  sandbox_id: string;
  text: string;
  delay_ms: number;
  created_utc: number;
}

/** An auto-reply due to a guest message, from `due_ms` on (epoch milliseconds); deleted as it is sent. */
export interface DueAutoReplyTable {
  message_id: string;
  auto_reply_id: string;
  message_thread_id: string;
  enterprise_id: string;
  text: string;
  due_ms: number;
}

/** How a sandbox's webhooks misbehave on purpose; no row: delivered at once, as everywhere else. */
export interface WebhookBehaviourTable {
  sandbox_id: string;
  lag_ms: number;
  lag_jitter_ms: number;
  /** The attempts still to fail without a request, taken one by one in the claim's transaction. */
  fail_next_count: number;
  fail_next_status: number | null;
  fail_next_timeout: number;
  duplicate_probability: number;
  reorder: number;
}

/** A Connector API request of a sandbox and its answer, secrets masked (see `src/domain/request-journal.ts`). */
export interface RequestJournalTable {
  seq: Generated<number>;
  id: string;
  sandbox_id: string;
  method: string;
  operation: string;
  status: number;
  duration_ms: number;
  request_id: string;
  created_ms: number;
  /** JSON text, or null when the body was not JSON. */
  request_body: string | null;
  response_body: string | null;
  fault_id: string | null;
}

/** A fault a sandbox's Connector requests meet (see `src/domain/faults.ts`); numbered in creation order by `seq`. */
export interface FaultTable {
  seq: Generated<number>;
  id: string;
  sandbox_id: string;
  operation: string;
  access_token: string | null;
  status: number | null;
  retry_after_s: number | null;
  delay_ms: number;
  drop_connection: Flag;
  count: number | null;
  probability: number;
  after_commit: Flag;
  fired_count: ColumnType<number, number | undefined, number>;
  drawn_count: ColumnType<number, number | undefined, number>;
  created_utc: number;
}
