export { ConnectorClient, type ConnectorClientOptions } from './connector-client.ts';
export type { MessageThreads } from './message-threads.ts';
export type { Messages } from './messages.ts';
export type { MessageLookupOptions } from './message-lookup.ts';
export type { RetryEvent, RetryOptions } from './retry-policy.ts';
export {
  AuthenticationError,
  ConflictError,
  ConnectorApiError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from './errors.ts';
export * as webhooks from './webhooks.ts';
export type {
  MessageAddedEvent,
  OtherWebhookEvent,
  VerifiedWebhook,
  WebhookEnvelope,
  WebhookEvent,
  WebhookHeaders,
} from './webhooks.ts';
export { WebhookPayloadError, WebhookVerificationError } from './webhooks.ts';
export type * from './types.ts';
export { AdminClient, type AdminClientOptions, type AutoReply, type Sandbox, type SandboxAddParameters } from './admin-client.ts';
export type {
  Clock,
  Fault,
  FaultAddParameters,
  RequestFilterParameters,
  RequestRecord,
  WebhookBehaviour,
  WebhookBehaviourUpdateParameters,
  WebhookFailures,
} from './admin-powers.ts';
