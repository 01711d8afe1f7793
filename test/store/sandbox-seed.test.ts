import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelIntegration, integrationIdOf, listIntegrations, removeIntegration } from '../../src/domain/integrations.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';
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
});
