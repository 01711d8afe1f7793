import { randomBytes } from 'node:crypto';

/**
 * A fresh webhook signing secret in the Standard Webhooks form: `whsec_` and the base64 of 32 random bytes, which
 * receivers pass as is to their verification library.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
