/** One event of a webhook body: a message was added (its id only; the receiver reads the rest through the API). */
export interface MessageAddedEvent {
  readonly Discriminator: 'MessageAdded';
  readonly Value: { readonly Id: string };
}

/** The body of a MessageAdded webhook request: one integration's events (of its enterprise), in creation order. */
export interface WebhookEnvelope {
  readonly EnterpriseId: string;
  /** The integration of the thread's enterprise and the application (not the application's id). */
  readonly IntegrationId: string;
  readonly Events: readonly MessageAddedEvent[];
}

/** The events that announce these messages, in their order: what a request carries and what the delivery log shows. */
export function messageAddedEvents(messageIds: readonly string[]): MessageAddedEvent[] {
  return messageIds.map((id) => ({ Discriminator: 'MessageAdded', Value: { Id: id } }));
}

/** The headers of every request of a delivery besides the Standard Webhooks ones (webhook-signature.ts). */
export const WEBHOOK_REQUEST_HEADERS = { 'content-type': 'application/json', 'user-agent': 'connector-messaging-webhooks/1' } as const;

/** The JSON body of a delivery's request, the same on every attempt (its signature covers these exact bytes). */
export function webhookBody(delivery: { readonly enterpriseId: string; readonly integrationId: string; readonly messageIds: readonly string[] }): string {
  const envelope: WebhookEnvelope = {
    EnterpriseId: delivery.enterpriseId,
    IntegrationId: delivery.integrationId,
    Events: messageAddedEvents(delivery.messageIds),
  };
  return JSON.stringify(envelope);
}
