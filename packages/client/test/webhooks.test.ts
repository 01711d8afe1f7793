import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError, WebhookVerificationError, webhooks, type WebhookEnvelope } from '../src/index.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const envelope: WebhookEnvelope = {
  EnterpriseId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  IntegrationId: 'c8d5b5a6-0b36-4c1a-9d0a-2f1f0a7e3b11',
  Events: [
    { Discriminator: 'MessageAdded', Value: { Id: '4bfe4675-98a9-4428-9ea9-ae5300dbaa93' } },
    { Discriminator: 'MessageAdded', Value: { Id: '5c0e5786-a9ba-4539-8fba-bf6411ecbb04' } },
  ],
};

/** A request as a Standard Webhooks sender makes it, signed by the `standardwebhooks` package itself. */
function signedRequest(body: string, options: { signingSecret?: string; at?: Date; id?: string } = {}) {
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const at = options.at ?? new Date();
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(options.signingSecret ?? secret).sign(id, at, body),
    },
  };
}

describe('webhooks.verify', () => {
  it('accepts a genuine request and parses its events', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope), { id: 'msg_1' });
    const verified = webhooks.verify(secret, body, headers);
    expect(verified.id).toBe('msg_1');
    expect(verified.timestamp.getTime()).toBe(Number(headers['webhook-timestamp']) * 1000);
    expect(verified.payload).toEqual(envelope);
    expect(verified.payload.Events.filter(webhooks.isMessageAdded).map((event) => event.Value.Id)).toEqual([
      '4bfe4675-98a9-4428-9ea9-ae5300dbaa93',
      '5c0e5786-a9ba-4539-8fba-bf6411ecbb04',
    ]);
  });

  it('accepts the body as bytes and the headers as fetch Headers or with any case', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope));
    expect(webhooks.verify(secret, Buffer.from(body), new Headers(headers)).payload).toEqual(envelope);
    const capitalized = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(webhooks.verify(secret, body, capitalized).payload).toEqual(envelope);
  });

  it('accepts a signature among several (during a secret rotation)', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope));
    const rotated = { ...headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${headers['webhook-signature']}` };
    expect(webhooks.verify(secret, body, rotated).payload).toEqual(envelope);
  });

  it('rejects a tampered body', () => {
    const { headers } = signedRequest(JSON.stringify(envelope));
    const tampered = JSON.stringify({ ...envelope, EnterpriseId: '4d0201db-36f5-428b-8d11-4f0a65e960cc' });
    expect(() => webhooks.verify(secret, tampered, headers)).toThrow(WebhookVerificationError);
  });

  it('rejects a tampered id or timestamp', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope));
    expect(() => webhooks.verify(secret, body, { ...headers, 'webhook-id': 'msg_other' })).toThrow(WebhookVerificationError);
    const shifted = String(Number(headers['webhook-timestamp']) - 1);
    expect(() => webhooks.verify(secret, body, { ...headers, 'webhook-timestamp': shifted })).toThrow(WebhookVerificationError);
  });

  it('rejects a request signed with another secret', () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    const { body, headers } = signedRequest(JSON.stringify(envelope), { signingSecret: other });
    expect(() => webhooks.verify(secret, body, headers)).toThrow(/No matching signature/);
  });

  it('rejects a stale request, and one from the future', () => {
    const stale = signedRequest(JSON.stringify(envelope), { at: new Date(Date.now() - 10 * 60_000) });
    expect(() => webhooks.verify(secret, stale.body, stale.headers)).toThrow(/too old/);
    const early = signedRequest(JSON.stringify(envelope), { at: new Date(Date.now() + 10 * 60_000) });
    expect(() => webhooks.verify(secret, early.body, early.headers)).toThrow(/too new/);
  });

  it('rejects a request without the signature headers', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope));
    const { 'webhook-signature': _signature, ...unsigned } = headers;
    expect(() => webhooks.verify(secret, body, unsigned)).toThrow(/Missing required headers/);
  });

  it('rejects a signing secret that is not one', () => {
    const { body, headers } = signedRequest(JSON.stringify(envelope));
    expect(() => webhooks.verify('whsec_', body, headers)).toThrow(WebhookVerificationError);
  });
});

describe('webhooks.parse', () => {
  it('keeps events of other kinds, which isMessageAdded tells apart', () => {
    const body = JSON.stringify({ ...envelope, Events: [{ Discriminator: 'ResourceUpdated', Value: { Id: 'r' } }, envelope.Events[0]] });
    const { Events } = webhooks.parse(body);
    expect(Events.map((event) => webhooks.isMessageAdded(event))).toEqual([false, true]);
  });

  it('rejects a body that is not an envelope', () => {
    expect(() => webhooks.parse('{"Events":')).toThrow(WebhookPayloadError);
    expect(() => webhooks.parse(JSON.stringify({ EnterpriseId: 'e', Events: [] }))).toThrow(WebhookPayloadError);
    const noId = { ...envelope, Events: [{ Discriminator: 'MessageAdded', Value: {} }] };
    expect(() => webhooks.parse(JSON.stringify(noId))).toThrow(/no message Id/);
  });
});
