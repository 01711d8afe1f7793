import { Webhook, WebhookVerificationError as SignatureError } from 'standardwebhooks';

/**
 * Receiving the MessageAdded webhook (CONTRACT.md, "The MessageAdded webhook"): verifying its Standard Webhooks
 * signature with the `standardwebhooks` package, and parsing its envelope into typed events.
 */

/** A message was added to one of the application's threads, by either side; `Value.Id` is the message's id. */
export interface MessageAddedEvent {
  Discriminator: 'MessageAdded';
  Value: { Id: string };
}

/** An event of a kind this client does not know; general webhooks may carry others beside MessageAdded. */
export interface OtherWebhookEvent {
  Discriminator: string;
  Value: unknown;
}

export type WebhookEvent = MessageAddedEvent | OtherWebhookEvent;

/** The body of a webhook request. */
export interface WebhookEnvelope {
  EnterpriseId: string;
  /** The integration of the enterprise and the application: with `EnterpriseId`, it finds the AccessToken to call back with. */
  IntegrationId: string;
  Events: WebhookEvent[];
}

/** A webhook whose signature checked out. */
export interface VerifiedWebhook {
  /** `webhook-id`: the same for every retry of one delivery, to drop duplicates by. */
  id: string;
  /** `webhook-timestamp`: when this attempt was signed. */
  timestamp: Date;
  payload: WebhookEnvelope;
}

/** The request is not a genuine, fresh webhook: missing headers, a wrong signature or secret, or a stale timestamp. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

/** The body is not a webhook envelope. */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

/** Request headers as Node's `IncomingMessage.headers`, a fetch `Headers`, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/**
 * Checks the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers against the signing secret (`whsec_…`)
 * and parses the body. `body` must be the raw body exactly as received: re-serialized JSON no longer matches its
 * signature. A timestamp more than five minutes away from now is refused, so a captured request cannot be replayed
 * later.
 */
export function verify(secret: string, body: string | Uint8Array, headers: WebhookHeaders): VerifiedWebhook {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  return { ...verifySignature(secret, text, headers), payload: parse(text) };
}

/**
 * The signature check of `verify` alone, for bodies of any shape (an integration webhook's `{ Action, Data }`, say):
 * answers the request's `webhook-id` and `webhook-timestamp`, or throws a `WebhookVerificationError`.
 */
export function verifySignature(secret: string, body: string, headers: WebhookHeaders): Omit<VerifiedWebhook, 'payload'> {
  const signatureHeaders = Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, header(headers, name)]));
  try {
    new Webhook(secret).verify(body, signatureHeaders, { jsonParse: false });
  } catch (error) {
    const reason = error instanceof SignatureError ? error.message : 'invalid signing secret';
    throw new WebhookVerificationError(`Webhook verification failed: ${reason}.`, { cause: error });
  }
  return { id: signatureHeaders['webhook-id']!, timestamp: new Date(Number(signatureHeaders['webhook-timestamp']) * 1000) };
}

/** Parses a webhook body without checking a signature (for receivers that rely on a secret token in their URL). */
export function parse(body: string): WebhookEnvelope {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new WebhookPayloadError('The webhook body is not JSON.');
  }
  if (!isEnvelope(envelope)) {
    throw new WebhookPayloadError('The webhook body is not an envelope of EnterpriseId, IntegrationId and Events.');
  }
  const malformed = envelope.Events.find((event) => event.Discriminator === 'MessageAdded' && !isMessageAdded(event));
  if (malformed) throw new WebhookPayloadError('A MessageAdded event has no message Id.');
  return envelope;
}

/** Narrows an event to MessageAdded. */
export function isMessageAdded(event: WebhookEvent): event is MessageAddedEvent {
  const value = event.Value as { Id?: unknown } | null;
  return event.Discriminator === 'MessageAdded' && typeof value?.Id === 'string';
}

function header(headers: WebhookHeaders, name: string): string {
  const value =
    headers instanceof Headers
      ? headers.get(name)
      : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return (Array.isArray(value) ? value.join(' ') : value) ?? '';
}

function isEnvelope(value: unknown): value is WebhookEnvelope {
  const envelope = value as Partial<WebhookEnvelope> | null;
  return (
    typeof envelope?.EnterpriseId === 'string' &&
    typeof envelope.IntegrationId === 'string' &&
    Array.isArray(envelope.Events) &&
    envelope.Events.every((event) => typeof event?.Discriminator === 'string')
  );
}
