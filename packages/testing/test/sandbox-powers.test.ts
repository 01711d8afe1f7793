// The sandbox powers whose admin operations (faults/*, clock/*, webhookBehaviour/*, requests/*) are the newest of the
// admin API: against a server without them, these tests fail with 404s.
import { ConnectorClient, RateLimitError } from '@connector-messaging/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageAdded, startSandbox, type StartedSandbox } from '../src/index.ts';

let sandbox: StartedSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ enterpriseCount: 1, client: { retry: false }, env: { WEBHOOK_RETRY_INITIAL_MS: '50', WEBHOOK_RETRY_MAX_MS: '200' } });
});
afterAll(() => sandbox?.stop());

describe('faults', () => {
  it('forces a 429 with Retry-After on one operation, once, which the client\'s retry then gets past', async () => {
    const fault = await sandbox.faults.add({ Operation: 'messageThreads/add', Status: 429, RetryAfterS: 1, Count: 1 });
    expect(fault).toMatchObject({ SandboxId: sandbox.credentials.Id, Operation: 'messageThreads/add', Status: 429, Count: 1 });
    const { client } = sandbox.credentials;
    const refused = await client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Busy' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect((refused as RateLimitError).retryAfter).toBe(1);
    expect((await client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Again' })).MessageThreads[0]!.Subject).toBe('Again');
    expect((await sandbox.faults.list()).map((listed) => [listed.Id, listed.FiredCount])).toEqual([[fault.Id, 1]]);

    await sandbox.faults.add({ Operation: 'messageThreads/add', Status: 429, RetryAfterS: 1, Count: 1 });
    const retrying = new ConnectorClient({
      platformAddress: sandbox.url,
      clientToken: sandbox.credentials.ClientToken,
      accessToken: sandbox.credentials.Enterprises[0]!.AccessToken!,
      client: 'Retrying 1.0',
    });
    expect((await retrying.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Patient' })).MessageThreads[0]!.Subject).toBe('Patient');
  });

  it('removes a fault', async () => {
    const fault = await sandbox.faults.add({ Operation: 'messages/add', Status: 500 });
    await sandbox.faults.remove(fault.Id);
    expect((await sandbox.faults.list()).map((listed) => listed.Id)).not.toContain(fault.Id);
  });
});

describe('webhook behaviour', () => {
  it('fails the next delivery; its retry arrives', async () => {
    await sandbox.admin.webhookBehaviour.update({ SandboxId: sandbox.credentials.Id, FailNext: { Count: 1, Status: 503 } });
    const { client } = sandbox.credentials;
    const { MessageThreads } = await client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Retry' });
    const { Messages } = await client.messages.add({ Messages: [{ MessageThreadId: MessageThreads[0]!.Id, Text: 'Hello' }] });
    const delivered = await sandbox.webhooks.next(messageAdded(Messages[0]!.Message.Id));
    expect(delivered.id).toMatch(/.+/);
    // The failure was used up by an attempt before the one that arrived.
    const { WebhookBehaviour } = await sandbox.admin.webhookBehaviour.get({ SandboxId: sandbox.credentials.Id });
    expect(WebhookBehaviour).toMatchObject({ FailNextCount: 0, FailNextStatus: 503 });
  });
});

describe('clock', () => {
  it('sets, advances and resumes the sandbox\'s time', async () => {
    const set = await sandbox.clock.set('2030-01-01T00:00:00Z');
    expect(set).toMatchObject({ SandboxId: sandbox.credentials.Id, Frozen: true, IsRealTime: false });
    expect(Date.parse(set.NowUtc)).toBe(Date.parse('2030-01-01T00:00:00Z'));
    const advanced = await sandbox.clock.advance(3600);
    expect(Date.parse(advanced.NowUtc)).toBe(Date.parse('2030-01-01T01:00:00Z'));
    const { MessageThreads } = await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Future' });
    expect(Date.parse(MessageThreads[0]!.CreatedUtc)).toBe(Date.parse('2030-01-01T01:00:00Z'));
    expect(await sandbox.clock.resume()).toMatchObject({ IsRealTime: true });
  });
});

describe('requests', () => {
  it('records the sandbox\'s requests, newest first, with its tokens masked', async () => {
    const { MessageThreads } = await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Logged' });
    // The journal is written in batches, a moment after the answer.
    const newest = async () =>
      (await sandbox.admin.requests.getAll({ SandboxId: sandbox.credentials.Id, Limitation: { Count: 1 }, Operation: 'messageThreads/add' })).Requests[0];
    await expect.poll(async () => ((await newest())?.ResponseBody as any)?.MessageThreads?.[0]?.Id).toBe(MessageThreads[0]!.Id);
    const entry = (await newest())!;
    expect(entry).toMatchObject({ Method: 'POST', Operation: 'messageThreads/add', Status: 200, FaultId: null });
    expect(JSON.stringify(entry)).not.toContain(sandbox.credentials.ClientToken);
  });
});
