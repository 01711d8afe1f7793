import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one request: `webhook-id` (the delivery's, the same on every retry, for the
 * receiver's de-duplication), `webhook-timestamp` (Unix seconds, fresh on every attempt) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the application's `whsec_…` secret).
 */
export function webhookSignatureHeaders(secret: string, webhookId: string, body: string, now: Date): Record<string, string> {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(webhookId, timestamp, body),
  };
}
