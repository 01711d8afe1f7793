import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelIntegration, integrationIdOf, listIntegrations, removeIntegration } from '../../src/domain/integrations.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_INTEGRATIONS, SANDBOX_MESSAGE, SANDBOX_MESSAGE_THREAD } from '../../src/store/sandbox-seed.ts';
import { BACKENDS, openTestStore, type TestStore } from '../helpers/backends.ts';

for (const backend of BACKENDS) describe(`the sandbox seed (${backend})`, () => {
  let opened: TestStore;
  beforeEach(async () => {
    opened = await openTestStore(backend);
    await opened.store.seedSandbox(1_800_000_000);
  });
  afterEach(() => opened.close());

  it('seeds each demo application\'s integration with enterprise A and B, their ids derived from the published tokens', async () => {
    const integrations = await listIntegrations(opened.store, {});
    expect(integrations).toHaveLength(SANDBOX_APPLICATIONS.length * 2);
    expect(integrations.map((i) => i.id).sort()).toEqual(SANDBOX_APPLICATIONS.flatMap((a) => a.accessTokens.map(integrationIdOf)).sort());
    expect(SANDBOX_INTEGRATIONS[0]!.id).toBe('c66ef7b2-39d2-4632-943d-115ede9cb810');
  });

  it('leaves what the operator changed as it is when it runs again: a canceled integration, a removed one', async () => {
    const [canceled, removed] = SANDBOX_INTEGRATIONS as [(typeof SANDBOX_INTEGRATIONS)[number], (typeof SANDBOX_INTEGRATIONS)[number]];
    await cancelIntegration(opened.store, canceled.id);
    await removeIntegration(opened.store, removed.id);
    await opened.store.seedSandbox(1_800_000_100);
    const integrations = await listIntegrations(opened.store, {});
    expect(integrations).toHaveLength(SANDBOX_INTEGRATIONS.length - 1);
    expect(integrations.find((i) => i.id === canceled.id)?.state).toBe('Canceled');
    expect(integrations.some((i) => i.id === removed.id)).toBe(false);
  });

  const rowsOf = async () => ({
    threads: await opened.db.selectFrom('message_threads').select(['id', 'enterprise_id', 'application_id', 'is_resolved']).execute(),
    messages: await opened.db.selectFrom('messages').select(['id', 'message_thread_id', 'text', 'sender']).orderBy('seq').execute(),
  });

  it('seeds one thread of the first demo integration, with its message, and nothing that tells of it', async () => {
    expect(SANDBOX_MESSAGE_THREAD).toMatchObject({ enterpriseId: SANDBOX_INTEGRATIONS[0]!.enterpriseId, applicationId: SANDBOX_INTEGRATIONS[0]!.applicationId });
    expect(await rowsOf()).toEqual({
      threads: [{ id: SANDBOX_MESSAGE_THREAD.id, enterprise_id: SANDBOX_MESSAGE_THREAD.enterpriseId, application_id: SANDBOX_MESSAGE_THREAD.applicationId, is_resolved: 0 }],
      messages: [{ id: SANDBOX_MESSAGE.id, message_thread_id: SANDBOX_MESSAGE_THREAD.id, text: 'Hello, is breakfast included?', sender: 'Application' }],
    });
    // Seed data is no event: no activity, no webhook.
    expect(await opened.db.selectFrom('activity_feed').select('seq').execute()).toEqual([]);
    expect(await opened.db.selectFrom('webhook_events').select('message_id').execute()).toEqual([]);
  });

  it('leaves the demo thread as it became when it runs again: resolved, with a message added', async () => {
    await opened.db.updateTable('message_threads').set({ is_resolved: 1 }).where('id', '=', SANDBOX_MESSAGE_THREAD.id).execute();
    await opened.db
      .insertInto('messages')
      .values({ id: '5a1d7c3e-2b4f-4e6a-9c8d-0f1e2d3c4b5a', message_thread_id: SANDBOX_MESSAGE_THREAD.id, text: 'Yes, from 7.', sender: 'Enterprise', created_utc: 1_800_000_050 })
      .execute();
    await opened.store.seedSandbox(1_800_000_100);
    const { threads, messages } = await rowsOf();
    expect(threads.map((t) => [t.id, t.is_resolved])).toEqual([[SANDBOX_MESSAGE_THREAD.id, 1]]);
    expect(messages.map((m) => m.text)).toEqual(['Hello, is breakfast included?', 'Yes, from 7.']);
  });
});
