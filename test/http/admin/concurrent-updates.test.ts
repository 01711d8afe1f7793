import { describe, expect, it } from 'vitest';
import { ok, useAdminServer } from '../../helpers/admin.ts';

/** Rounds of concurrent updates, each of one field of the same row: enough for a read-merge-write to lose one. */
const ROUNDS = 15;

describe('concurrent admin updates of one row', () => {
  const { admin } = useAdminServer();

  it('keep every field each update names (enterprises/update)', async () => {
    const { Enterprise } = await ok(admin('enterprises/add', { Name: 'Round -1' }));
    let lost = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const isEnabled = round % 2 === 0;
      await Promise.all([
        ok(admin('enterprises/update', { EnterpriseId: Enterprise.Id, Name: `Round ${round}` })),
        ok(admin('enterprises/update', { EnterpriseId: Enterprise.Id, IsEnabled: isEnabled })),
      ]);
      const { Enterprises } = await ok(admin('enterprises/getAll', {}));
      const stored = Enterprises.find((e: { Id: string }) => e.Id === Enterprise.Id);
      if (stored.Name !== `Round ${round}` || stored.IsEnabled !== isEnabled) lost += 1;
    }
    console.log(`concurrent enterprises/update: ${ROUNDS} rounds of 2, ${lost} lost`);
    expect(lost).toBe(0);
  });

  it('keep every field each update names (applications/update)', async () => {
    const { Application } = await ok(admin('applications/add', { Name: 'Round -1' }));
    let lost = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const isEnabled = round % 2 === 0;
      const webhookUrl = `https://receiver.example/${round}`;
      await Promise.all([
        ok(admin('applications/update', { ApplicationId: Application.Id, Name: `Round ${round}` })),
        ok(admin('applications/update', { ApplicationId: Application.Id, WebhookUrl: webhookUrl })),
        ok(admin('applications/update', { ApplicationId: Application.Id, IsEnabled: isEnabled })),
      ]);
      const { Applications } = await ok(admin('applications/getAll', {}));
      const stored = Applications.find((a: { Id: string }) => a.Id === Application.Id);
      if (stored.Name !== `Round ${round}` || stored.WebhookUrl !== webhookUrl || stored.IsEnabled !== isEnabled) lost += 1;
    }
    console.log(`concurrent applications/update: ${ROUNDS} rounds of 3, ${lost} lost`);
    expect(lost).toBe(0);
  });
});
