import type { Kysely } from 'kysely';
import { hashAccessToken } from '../domain/access-token-hash.ts';
import { integrationIdOf } from '../domain/integrations.ts';
import type { Message, MessageThread } from '../domain/model.ts';
import { newWebhookSecret } from '../domain/webhook-secret.ts';
import type { Database } from './database.ts';
import { insertMessages } from './repositories/message.repository.ts';
import { insertMessageThread } from './repositories/message-thread.repository.ts';
import { staffWriter } from './repositories/staff.repository.ts';

/**
 * The public demo's tenants (CONTRACT.md, "The public demo credentials"), so that requests copied from the reference
 * work verbatim in sandbox mode. Identifiers are fixed, so they are the same on every machine and in the README.
 */
export const SANDBOX_ENTERPRISES = [
  { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'Sandbox Enterprise A (gross pricing, United Kingdom)' },
  { id: '4d0201db-36f5-428b-8d11-4f0a65e960cc', name: 'Sandbox Enterprise B (net pricing, United States)' },
] as const;

const [A, B] = SANDBOX_ENTERPRISES.map((e) => e.id) as [string, string];

/**
 * The demo's applications, each with its AccessTokens for enterprise A and B (one integration each, whose id the token
 * gives: `integrationIdOf`).
 */
export const SANDBOX_APPLICATIONS = [
  {
    id: '7d79a4b5-ea2c-4a93-a7e3-c00a6f64b0e3',
    name: 'Are you ready to integrate with Mews?',
    clientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
    accessTokens: ['C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D', '4D6C7ABE0E6A4681B0AFB16900AE5D86-DF50CBC89E1D4FF5859DDF021649ED5'],
  },
  {
    id: 'abab09e0-10db-47bd-93af-a573796624f7',
    name: 'Connector API Test Client 2',
    clientToken: 'E916C341431C4D28A866AD200152DBD3-A046EB5583FFBE94DE1172237763712',
    accessTokens: ['CC150C355D6A4048A220AD20015483AB-B6D09C0C84B09538077CB8FFBB907B4', '1AEFA58C55E74D65BDC7AD2001564C12-66633E0B736F523379B9E5966165A55'],
  },
  {
    id: 'eb1c6ea4-9e1d-4a83-8c8a-49ac6339195e',
    name: 'Connector API Test Client 3',
    clientToken: '2CC71B0660F345019882AD200155B4FE-4A1FC9080A4DD2A404734003674F77E',
    accessTokens: ['5F56B9903A834F199E28AD20015E58CA-5C6A1A00550634911534AD6A098E8B7', '682C235379B64D909941AD2001577525-BFC60A026081F1350FAA99CAB9F7510'],
  },
  {
    id: 'fc1bb83d-e113-43ee-9c8b-b6fc00b0721d',
    name: 'Connector API Test Client 4',
    clientToken: '07AB1F14B55C49B8BDD6AD200158423B-273A4497AFF5E20566D7199DB3DC2BA',
    accessTokens: ['39E301DD5A1C4A569087AD20015F60DD-50DC28896E9090CCA0995C9BBD90351', 'BFD4298010F54B069F3DAD20015D53EA-D5561FADFBA4EFC8EA4C179C6BC461F'],
  },
] as const;

/** The demo's integrations: one per application and enterprise, with the AccessToken the public demo publishes. */
export const SANDBOX_INTEGRATIONS = SANDBOX_APPLICATIONS.flatMap((application) =>
  application.accessTokens.map((accessToken, index) => ({
    id: integrationIdOf(accessToken),
    applicationId: application.id,
    enterpriseId: SANDBOX_ENTERPRISES[index]!.id,
    clientToken: application.clientToken,
    accessToken,
  })),
);

const DEMO_THREAD_CREATED_UTC = Date.parse('2026-01-15T09:30:00Z') / 1000;

/**
 * The demo's one thread, of the first demo integration (the first application with enterprise A), with one message
 * from the application: so that `messages/add` and `messages/getAll` as the reference's examples give them (and the
 * inbox of Reception A) have a thread to work on from the start. Fixed ids, like the tenants'.
 */
export const SANDBOX_MESSAGE_THREAD: MessageThread = {
  id: '2c7e4f56-8d1a-4b3e-9f60-7a5d2e1c9b84',
  enterpriseId: SANDBOX_INTEGRATIONS[0]!.enterpriseId,
  applicationId: SANDBOX_INTEGRATIONS[0]!.applicationId,
  originalSender: 'Sample Customer',
  subject: 'Sample Subject',
  createdUtc: DEMO_THREAD_CREATED_UTC,
  updatedUtc: DEMO_THREAD_CREATED_UTC,
  isResolved: false,
};

export const SANDBOX_MESSAGE: Message = {
  id: '9b2f6a31-4c8d-4e7a-b5f0-3d1e8c6a2f47',
  messageThreadId: SANDBOX_MESSAGE_THREAD.id,
  text: 'Hello, is breakfast included?',
  sender: 'Application',
  createdUtc: DEMO_THREAD_CREATED_UTC,
  author: null,
};

/**
 * Inserts the demo thread and its message where they are missing, through the rows every thread and message is
 * written as (so `seq` orders them and the inbox finds its newest message). Not through the messaging writer: seed
 * data is no event, so no activity, webhook or auto-reply follows. What was added to the thread since stays.
 */
export async function seedSandboxThread(db: Kysely<Database>): Promise<void> {
  const thread = await db.selectFrom('message_threads').select('id').where('id', '=', SANDBOX_MESSAGE_THREAD.id).executeTakeFirst();
  if (!thread) await insertMessageThread(db, SANDBOX_MESSAGE_THREAD);
  const message = await db.selectFrom('messages').select('id').where('id', '=', SANDBOX_MESSAGE.id).executeTakeFirst();
  if (!message) await insertMessages(db, [SANDBOX_MESSAGE]);
}

/** Not from the public demo: a portfolio token of the first application over both enterprises, to try EnterpriseIds with. */
export const SANDBOX_PORTFOLIO_ACCESS_TOKEN = {
  id: '62296e1a-3b77-4105-8304-7f3671ed17fd',
  applicationId: SANDBOX_APPLICATIONS[0].id,
  value: 'C6C6E2ADEDBC3A878795AEFA0161E1B8-434B2CF93363D0585BF1AA1F2E64BA6',
  enterpriseIds: [A, B],
} as const;

/** One reception account per demo enterprise, to sign in to the inbox with (password `sandbox`). */
export const SANDBOX_STAFF = [
  { id: '0b6f8a43-5c1e-4f0e-9a51-6f2b1f7c4a01', enterpriseId: A, email: 'reception@enterprise-a.sandbox', name: 'Reception A' },
  { id: '5d2c9e17-8b4a-4c3d-b6e2-1a9f0e3d7b02', enterpriseId: B, email: 'reception@enterprise-b.sandbox', name: 'Reception B' },
] as const;

export const SANDBOX_STAFF_PASSWORD = 'sandbox';

/**
 * `hashPassword(SANDBOX_STAFF_PASSWORD)`, made once and kept: hashing at every start cost each process its scrypt
 * buffers (16 MiB a hash, kept by malloc afterwards). Sign-ins verify it with scrypt like any other hash. A fixed salt
 * gives nothing away here: the password is published, and the hash is of these demo accounts only.
 */
export const SANDBOX_STAFF_PASSWORD_HASH =
  'scrypt$16384$8$1$ShEgGjvzsAexqWZsMLgW6w==$DUKSFZ1VZb8svBN4jJtBDLbyHI0m/6AF/lVh8URqP5fwJO43uptr1OcMqxGWaPiWiFwHh2O5KEiPmiWK0qsr0Q==';

/**
 * Inserts the demo tenants and their thread where they are missing. Idempotent: what an operator changed since (a disabled
 * application, a canceled or removed integration, a revoked token) is left as it is.
 */
export async function seedSandbox(db: Kysely<Database>, nowUtc: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('enterprises')
      .values(SANDBOX_ENTERPRISES.map((e) => ({ id: e.id, name: e.name, is_enabled: 1, created_utc: nowUtc })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('applications')
      .values(
        SANDBOX_APPLICATIONS.map((application) => ({
          id: application.id,
          name: application.name,
          client_token: application.clientToken,
          webhook_url: null,
          integration_webhook_url: null,
          // Random per database; applications/update {RotateWebhookSecret:true} shows a new one.
          webhook_secret: newWebhookSecret(),
          is_enabled: 1,
          created_utc: nowUtc,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('integrations')
      .values(
        SANDBOX_INTEGRATIONS.map((integration) => ({
          id: integration.id,
          application_id: integration.applicationId,
          enterprise_id: integration.enterpriseId,
          access_token: integration.accessToken,
          access_token_hash: hashAccessToken(integration.accessToken),
          state: 'Enabled' as const,
          requestor_name: null,
          requestor_email: null,
          created_utc: nowUtc,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    const portfolio = SANDBOX_PORTFOLIO_ACCESS_TOKEN;
    const inserted = await trx
      .insertInto('access_tokens')
      .values({
        id: portfolio.id,
        value: portfolio.value,
        value_hash: hashAccessToken(portfolio.value),
        application_id: portfolio.applicationId,
        revoked_utc: null,
        created_utc: nowUtc,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      await trx
        .insertInto('access_token_enterprises')
        .values(portfolio.enterpriseIds.map((enterpriseId) => ({ access_token_id: portfolio.id, enterprise_id: enterpriseId })))
        .execute();
    }
    const staff = staffWriter(trx);
    const existingStaff = await trx.selectFrom('staff').select('email').where('email', 'in', SANDBOX_STAFF.map((s) => s.email)).execute();
    for (const member of SANDBOX_STAFF.filter((s) => !existingStaff.some((e) => e.email === s.email))) {
      await staff.insertStaff({ ...member, createdUtc: nowUtc }, SANDBOX_STAFF_PASSWORD_HASH);
    }
    await seedSandboxThread(trx);
  });
}
