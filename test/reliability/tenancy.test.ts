import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ADMIN_TOKEN } from '../../src/config/config.ts';
import { ADMIN_OPERATIONS, adminClient, createTenant, credentials as tenantCredentials, ok, type AdminCall } from '../helpers/admin.ts';
import { aroundNow, CONNECTOR_PATHS } from '../helpers/connector.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestServer, type JsonResponse, type TestServer } from '../helpers/server.ts';
import { ENTERPRISE, openEventStream, signIn, type SignedIn, type StreamEvent } from '../http/enterprise/staff-client.ts';

/**
 * Every way one tenant could reach another's data, as a matrix: tables of tenants (enterprises, applications, access
 * tokens, staff) and of probes, each probe run for every viewer and target. A probe reports whether it reached the
 * target (read it, or its write took effect); the tables' visibility rules say whether it may. Reaching what it may not
 * is a leak; not reaching what it may is a failed positive control (the probe could not have seen a leak either).
 */

type EnterpriseKey = 'E1' | 'E2' | 'E3';
type ApplicationKey = 'I1' | 'I2' | 'I3';
const ENTERPRISES: readonly EnterpriseKey[] = ['E1', 'E2', 'E3'];
const APPLICATIONS: readonly ApplicationKey[] = ['I1', 'I2', 'I3'];

interface TokenRow {
  readonly name: string;
  readonly application: ApplicationKey;
  readonly enterprises: readonly EnterpriseKey[];
}
const token = (application: ApplicationKey, ...enterprises: EnterpriseKey[]): TokenRow => ({
  name: `${application}@${enterprises.join('+')}`,
  application,
  enterprises,
});
/** Access tokens: single-enterprise ones, two portfolios of one application, two other applications. */
const TOKENS: readonly TokenRow[] = [
  token('I1', 'E1'),
  token('I1', 'E2'),
  token('I1', 'E1', 'E2'),
  token('I1', 'E1', 'E3'),
  token('I2', 'E1'),
  token('I2', 'E2'),
  token('I3', 'E3'),
];

interface StaffRow {
  readonly name: string;
  readonly enterprise: EnterpriseKey;
}
const STAFF: readonly StaffRow[] = [
  { name: 'staff 1 of E1', enterprise: 'E1' },
  { name: 'staff 2 of E1', enterprise: 'E1' },
  { name: 'staff of E2', enterprise: 'E2' },
  { name: 'staff of E3', enterprise: 'E3' },
];

/** A thread every token creates in each enterprise of its scope, with two messages. */
interface ThreadRow {
  readonly name: string;
  readonly token: TokenRow;
  readonly enterprise: EnterpriseKey;
}
const THREADS: readonly ThreadRow[] = TOKENS.flatMap((row) =>
  row.enterprises.map((enterprise) => ({ name: `thread of ${row.name} in ${enterprise}`, token: row, enterprise })),
);

/** The Connector API's rule: a token sees its application's threads in its enterprises. */
const tokenSees = (viewer: TokenRow, thread: { application: ApplicationKey; enterprise: EnterpriseKey }) =>
  viewer.application === thread.application && viewer.enterprises.includes(thread.enterprise);
/** The enterprise API's rule: staff see every thread of their enterprise, of any application. */
const staffSees = (viewer: StaffRow, thread: { enterprise: EnterpriseKey }) => viewer.enterprise === thread.enterprise;

interface ThreadFixture extends ThreadRow {
  readonly id: string;
  readonly subject: string;
  readonly messageIds: string[];
}

/** What a probe saw: whether it reached its target, and items in the answer the viewer may never see. */
interface Seen {
  readonly reached: boolean;
  readonly foreign?: readonly string[];
}

interface Probe<Viewer, Target> {
  readonly name: string;
  readonly viewers: readonly Viewer[];
  readonly targets: readonly Target[];
  readonly label: (viewer: Viewer, target: Target) => string;
  readonly allowed: (viewer: Viewer, target: Target) => boolean;
  /** Runs the probe; throws on an answer that is neither the data nor the contract's refusal. */
  readonly run: (viewer: Viewer, target: Target) => Promise<Seen>;
}

const figures = { probes: 0, controls: 0, leaks: 0, families: 0 };

/** Runs a probe over every viewer and target (targets concurrently, viewers of one target in turn) and asserts 0 leaks. */
async function runMatrix<Viewer, Target>(probe: Probe<Viewer, Target>): Promise<void> {
  const leaks: string[] = [];
  const failedControls: string[] = [];
  const wrongAnswers: string[] = [];
  let controls = 0;
  let runs = 0;
  await Promise.all(
    probe.targets.map(async (target) => {
      for (const viewer of probe.viewers) {
        const label = probe.label(viewer, target);
        const allowed = probe.allowed(viewer, target);
        runs++;
        if (allowed) controls++;
        let seen: Seen;
        try {
          seen = await probe.run(viewer, target);
        } catch (error) {
          wrongAnswers.push(`${label}: ${(error as Error).message}`);
          continue;
        }
        if (seen.foreign?.length) leaks.push(`${label}: answered with ${seen.foreign.join(', ')}`);
        if (seen.reached && !allowed) leaks.push(`${label}: reached`);
        if (!seen.reached && allowed) failedControls.push(`${label}: not reached where allowed`);
      }
    }),
  );
  figures.probes += runs;
  figures.controls += controls;
  figures.leaks += leaks.length;
  figures.families++;
  console.log(`tenancy: ${probe.name}: ${runs} probes (${controls} positive controls), ${leaks.length} leaks`);
  expect(controls, 'a probe without a positive control').toBeGreaterThan(0);
  expect(runs - controls, 'a probe without a case to refuse').toBeGreaterThan(0);
  expect(leaks, 'leaks').toEqual([]);
  expect(failedControls, 'positive controls that saw nothing').toEqual([]);
  expect(wrongAnswers, 'answers that are neither the data nor the refusal').toEqual([]);
}

/** Asserts the contract's refusal: this status, the error body with this message (start), Request-Id echoed. */
function refusal(response: JsonResponse, status: number, message: string): Seen {
  const text = response.body?.Message;
  const matches =
    response.status === status &&
    typeof text === 'string' &&
    text.startsWith(message) &&
    response.body.RequestId === response.headers.get('request-id') &&
    Object.keys(response.body).sort().join() === 'Details,Message,RequestId';
  if (!matches) throw new Error(`expected ${status} ${message}, got ${response.status} ${response.text.slice(0, 200)}`);
  return { reached: false };
}

function expectStatus(response: JsonResponse, status: number): JsonResponse {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${response.text.slice(0, 200)}`);
  return response;
}

describe('reliability: tenancy matrix', () => {
  let server: TestServer;
  let admin: AdminCall;
  const enterpriseIds = {} as Record<EnterpriseKey, string>;
  const applications = {} as Record<ApplicationKey, { id: string; clientToken: string }>;
  const tokenValues = new Map<TokenRow, string>();
  const sessions = new Map<StaffRow, SignedIn>();
  const staffEmails = new Map<StaffRow, string>();
  const staffIds = new Map<StaffRow, string>();
  const threads: ThreadFixture[] = [];
  /** Every thread the test made, probes' included, by id: who may see it. */
  const known = new Map<string, { application: ApplicationKey; enterprise: EnterpriseKey }>();
  const PASSWORD = 'correct horse battery';

  const credentials = (row: TokenRow, application: ApplicationKey = row.application) => ({
    ClientToken: applications[application].clientToken,
    AccessToken: tokenValues.get(row)!,
    Client: 'Tenancy probe 1.0',
  });
  const connector = (path: string, row: TokenRow, body: object) => server.post(path, { ...credentials(row), ...body });
  const asStaff = (staff: StaffRow, operation: string, body: object) =>
    server.post(`${ENTERPRISE}/${operation}`, body, { authorization: `Bearer ${sessions.get(staff)!.token}` });
  /** The ids of an answer's threads that `viewer` may never see. */
  const foreignThreads = (ids: readonly string[], sees: (thread: { application: ApplicationKey; enterprise: EnterpriseKey }) => boolean) =>
    ids.filter((id) => {
      const thread = known.get(id);
      return !thread || !sees(thread);
    });
  /** The thread's messages as its creator reads them: what a foreign write would have changed. */
  const ownerView = async (thread: ThreadFixture) => {
    const response = expectStatus(await connector(CONNECTOR_PATHS.getMessages, thread.token, { MessageThreadIds: [thread.id], Limitation: { Count: 1000 } }), 200);
    return response.body.Messages as { Id: string; Text: string }[];
  };
  const ownerThread = async (thread: ThreadFixture) => {
    const response = expectStatus(await connector(CONNECTOR_PATHS.getThreads, thread.token, { MessageThreadIds: [thread.id], Limitation: { Count: 1 } }), 200);
    return response.body.MessageThreads[0] as { IsResolved: boolean };
  };
  const staffOf = (enterprise: EnterpriseKey) => STAFF.find((row) => row.enterprise === enterprise)!;
  let probeCount = 0;
  const uniqueText = (label: string) => `probe ${++probeCount}: ${label}`;

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MAX: '1000000' });
    admin = adminClient(server);
    for (const key of ENTERPRISES) enterpriseIds[key] = (await ok(admin('enterprises/add', { Name: `Hotel ${key}` }))).Enterprise.Id;
    const integrationTokens = new Map<string, string>();
    for (const key of APPLICATIONS) {
      const { Application } = await ok(admin('applications/add', { Name: `App ${key}` }));
      applications[key] = { id: Application.Id, clientToken: Application.ClientToken };
      // An integration with every enterprise any of its tokens names; a token of one enterprise is that integration's.
      for (const enterprise of new Set(TOKENS.filter((row) => row.application === key).flatMap((row) => row.enterprises))) {
        const { Integration } = await ok(admin('integrations/add', { ApplicationId: Application.Id, EnterpriseId: enterpriseIds[enterprise] }));
        integrationTokens.set(`${key}@${enterprise}`, Integration.AccessToken);
      }
    }
    for (const row of TOKENS) {
      if (row.enterprises.length === 1) {
        tokenValues.set(row, integrationTokens.get(row.name)!);
        continue;
      }
      const body = { ApplicationId: applications[row.application].id, EnterpriseIds: row.enterprises.map((e) => enterpriseIds[e]) };
      tokenValues.set(row, (await ok(admin('portfolioAccessTokens/add', body))).PortfolioAccessToken.Value);
    }
    for (const [i, row] of STAFF.entries()) {
      const email = `staff${i}@tenancy.test`;
      const { Staff } = await ok(admin('staff/add', { EnterpriseId: enterpriseIds[row.enterprise], Email: email, Password: PASSWORD, Name: row.name }));
      staffEmails.set(row, email);
      staffIds.set(row, Staff.Id);
      sessions.set(row, await signIn(server, email, PASSWORD));
    }
    for (const row of THREADS) {
      const subject = `Subject of ${row.name}`;
      const added = await ok(
        connector(CONNECTOR_PATHS.addThread, row.token, { OriginalSender: 'Guest', Subject: subject, EnterpriseId: enterpriseIds[row.enterprise] }),
      );
      const id = added.MessageThreads[0].Id as string;
      known.set(id, { application: row.token.application, enterprise: row.enterprise });
      const messages = await ok(
        connector(CONNECTOR_PATHS.addMessages, row.token, { Messages: [1, 2].map((n) => ({ MessageThreadId: id, Text: `${row.name}, message ${n}` })) }),
      );
      threads.push({ ...row, id, subject, messageIds: messages.Messages.map((m: { Message: { Id: string } }) => m.Message.Id) });
    }
  });

  afterAll(async () => {
    console.log(`tenancy: ${figures.probes} probes run in ${figures.families} families, ${figures.controls} of them positive controls; ${figures.leaks} leaks found`);
    await server?.close();
  });

  const threadLabel = (viewer: { name: string }, target: ThreadFixture) => `${viewer.name} → ${target.name}`;
  /** A probe of every viewer against every thread, allowed where `sees` says. */
  const threadProbe =
    <Viewer extends { name: string }>(viewers: readonly Viewer[], sees: (viewer: Viewer, target: ThreadFixture) => boolean) =>
    (name: string, run: Probe<Viewer, ThreadFixture>['run']): Probe<Viewer, ThreadFixture> => ({
      name,
      viewers,
      get targets() {
        return threads;
      },
      label: threadLabel,
      allowed: sees,
      run,
    });

  // The Connector API: every token against every thread.
  const connectorProbe = threadProbe(TOKENS, (viewer, target) => tokenSees(viewer, { application: target.token.application, enterprise: target.enterprise }));
  const listProbe = (name: string, filter: (target: ThreadFixture, viewer: TokenRow) => object) =>
    connectorProbe(name, async (viewer, target) => {
      const response = expectStatus(await connector(CONNECTOR_PATHS.getThreads, viewer, { ...filter(target, viewer), Limitation: { Count: 1000 } }), 200);
      const ids = (response.body.MessageThreads as { Id: string }[]).map((thread) => thread.Id);
      return { reached: ids.includes(target.id), foreign: foreignThreads(ids, (thread) => tokenSees(viewer, thread)) };
    });
  /** The first thread `viewer` may see, to mix with a foreign one in one request. */
  const ownThreadOf = (viewer: TokenRow) => threads.find((thread) => thread.token === viewer)!;

  const CONNECTOR_PROBES: Probe<TokenRow, ThreadFixture>[] = [
    listProbe('messageThreads/getAll by foreign MessageThreadIds', (target) => ({ MessageThreadIds: [target.id] })),
    listProbe('messageThreads/getAll by own and foreign MessageThreadIds', (target, viewer) => ({ MessageThreadIds: [ownThreadOf(viewer).id, target.id] })),
    listProbe('messageThreads/getAll by CreatedUtc', () => ({ CreatedUtc: aroundNow() })),
    listProbe('messageThreads/getAll by UpdatedUtc', () => ({ UpdatedUtc: aroundNow() })),
    connectorProbe('messageThreads/getAll with a foreign Cursor', async (viewer, target) => {
      const response = await connector(CONNECTOR_PATHS.getThreads, viewer, { CreatedUtc: aroundNow(), Limitation: { Count: 1000, Cursor: target.id } });
      if (response.status !== 200) return refusal(response, 400, 'Invalid Cursor');
      const ids = (response.body.MessageThreads as { Id: string }[]).map((thread) => thread.Id);
      return { reached: true, foreign: foreignThreads(ids, (thread) => tokenSees(viewer, thread)) };
    }),
    connectorProbe('messages/getAll of foreign MessageThreadIds', async (viewer, target) => {
      const response = expectStatus(
        await connector(CONNECTOR_PATHS.getMessages, viewer, { MessageThreadIds: [ownThreadOf(viewer).id, target.id], Limitation: { Count: 1000 } }),
        200,
      );
      const messages = response.body.Messages as { Id: string; MessageThreadId: string }[];
      return {
        reached: messages.some((message) => target.messageIds.includes(message.Id)),
        foreign: foreignThreads([...new Set(messages.map((message) => message.MessageThreadId))], (thread) => tokenSees(viewer, thread)),
      };
    }),
    connectorProbe('messages/getAll with a foreign Cursor', async (viewer, target) => {
      const body = { MessageThreadIds: [ownThreadOf(viewer).id, target.id], Limitation: { Count: 1000, Cursor: target.messageIds[1] } };
      const response = await connector(CONNECTOR_PATHS.getMessages, viewer, body);
      if (response.status !== 200) return refusal(response, 400, 'Invalid Cursor');
      const messages = response.body.Messages as { MessageThreadId: string }[];
      return { reached: true, foreign: foreignThreads(messages.map((message) => message.MessageThreadId), (thread) => tokenSees(viewer, thread)) };
    }),
    connectorProbe('messages/add into a foreign thread', async (viewer, target) => {
      const Text = uniqueText(threadLabel(viewer, target));
      const response = await connector(CONNECTOR_PATHS.addMessages, viewer, { Messages: [{ MessageThreadId: target.id, Text }] });
      const stored = (await ownerView(target)).some((message) => message.Text === Text);
      if (response.status === 200) return { reached: stored };
      refusal(response, 400, 'Invalid MessageThreadId');
      return { reached: stored };
    }),
    connectorProbe('messages/add into an own and a foreign thread at once', async (viewer, target) => {
      const own = ownThreadOf(viewer);
      const Text = uniqueText(threadLabel(viewer, target));
      const response = await connector(CONNECTOR_PATHS.addMessages, viewer, {
        Messages: [{ MessageThreadId: own.id, Text }, { MessageThreadId: target.id, Text }],
      });
      const stored = (await ownerView(target)).some((message) => message.Text === Text);
      if (response.status === 200) return { reached: stored };
      refusal(response, 400, 'Invalid MessageThreadId');
      // All or none: the own thread did not get its message either.
      if ((await ownerView(own)).some((message) => message.Text === Text)) throw new Error('a refused messages/add stored part of its messages');
      return { reached: stored };
    }),
  ];
  for (const probe of CONNECTOR_PROBES) it(`Connector API: ${probe.name}`, () => runMatrix(probe));

  // Enterprises inside and outside a token's scope.
  const enterpriseProbe = (name: string, run: Probe<TokenRow, EnterpriseKey>['run']): Probe<TokenRow, EnterpriseKey> => ({
    name,
    viewers: TOKENS,
    targets: ENTERPRISES,
    label: (viewer, enterprise) => `${viewer.name} → ${enterprise}`,
    allowed: (viewer, enterprise) => viewer.enterprises.includes(enterprise),
    run,
  });
  const ENTERPRISE_PROBES: Probe<TokenRow, EnterpriseKey>[] = [
    enterpriseProbe('messageThreads/getAll with EnterpriseIds', async (viewer, enterprise) => {
      const response = await connector(CONNECTOR_PATHS.getThreads, viewer, { CreatedUtc: aroundNow(), EnterpriseIds: [enterpriseIds[enterprise]], Limitation: { Count: 1000 } });
      if (response.status !== 200) return refusal(response, 400, 'Invalid EnterpriseIds');
      const ids = (response.body.MessageThreads as { Id: string }[]).map((thread) => thread.Id);
      const own = threads.filter((thread) => thread.enterprise === enterprise && tokenSees(viewer, { application: thread.token.application, enterprise }));
      return {
        reached: own.length > 0 && own.every((thread) => ids.includes(thread.id)),
        foreign: foreignThreads(ids, (thread) => thread.enterprise === enterprise && tokenSees(viewer, thread)),
      };
    }),
    enterpriseProbe('messages/getAll with EnterpriseIds', async (viewer, enterprise) => {
      const body = { MessageThreadIds: threads.map((thread) => thread.id), EnterpriseIds: [enterpriseIds[enterprise]], Limitation: { Count: 1000 } };
      const response = await connector(CONNECTOR_PATHS.getMessages, viewer, body);
      if (response.status !== 200) return refusal(response, 400, 'Invalid EnterpriseIds');
      const threadIds = [...new Set((response.body.Messages as { MessageThreadId: string }[]).map((message) => message.MessageThreadId))];
      return {
        reached: threadIds.length > 0,
        foreign: foreignThreads(threadIds, (thread) => thread.enterprise === enterprise && tokenSees(viewer, thread)),
      };
    }),
    enterpriseProbe('messageThreads/add with EnterpriseId', async (viewer, enterprise) => {
      const Subject = uniqueText(`${viewer.name} adds in ${enterprise}`);
      const response = await connector(CONNECTOR_PATHS.addThread, viewer, { OriginalSender: 'Guest', Subject, EnterpriseId: enterpriseIds[enterprise] });
      // The enterprise's staff see every thread in it: whether the thread landed there, whoever made it.
      const inbox = expectStatus(await asStaff(staffOf(enterprise), 'messageThreads/getAll', { Limitation: { Count: 10 }, Search: Subject }), 200);
      const landed = (inbox.body.MessageThreads as { Subject: string }[]).some((thread) => thread.Subject === Subject);
      if (response.status !== 200) {
        refusal(response, 400, 'Invalid EnterpriseId');
        return { reached: landed };
      }
      known.set(response.body.MessageThreads[0].Id, { application: viewer.application, enterprise });
      return { reached: landed };
    }),
  ];
  for (const probe of ENTERPRISE_PROBES) it(`Connector API: ${probe.name}`, () => runMatrix(probe));

  it('Connector API: one application\'s ClientToken with another\'s AccessTokens, and the other way round', () =>
    runMatrix<ApplicationKey, TokenRow>({
      name: 'ClientToken × AccessToken',
      viewers: APPLICATIONS,
      targets: TOKENS,
      label: (client, row) => `ClientToken of ${client} with AccessToken ${row.name}`,
      allowed: (client, row) => client === row.application,
      run: async (client, row) => {
        const response = await server.post(CONNECTOR_PATHS.getThreads, { ...credentials(row, client), CreatedUtc: aroundNow(), Limitation: { Count: 1000 } });
        if (response.status !== 200) return refusal(response, 401, 'Invalid ClientToken or AccessToken');
        const ids = (response.body.MessageThreads as { Id: string }[]).map((thread) => thread.Id);
        return { reached: ids.length > 0, foreign: foreignThreads(ids, (thread) => tokenSees(row, thread)) };
      },
    }));

  // Tokens revoked, applications and enterprises disabled after their threads were made: each state in a tenant of its own.
  interface StateRow {
    readonly name: string;
    /** Enterprises of the token: a portfolio when two. */
    readonly enterprises: 1 | 2;
    /** Of the token's enterprises (by index), those whose threads stay visible after `change`. */
    readonly visible: readonly number[];
    readonly change: (tenant: { applicationId: string; integrationIds: string[]; enterpriseIds: string[]; token: string }) => Promise<unknown>;
  }
  const STATES: readonly StateRow[] = [
    { name: 'a live token', enterprises: 1, visible: [0], change: async () => {} },
    { name: 'a revoked portfolio token', enterprises: 2, visible: [], change: (t) => revokeAll(t.applicationId) },
    {
      name: 'a portfolio token beside a revoked one',
      enterprises: 2,
      visible: [0, 1],
      change: async (t) => {
        const other = await ok(admin('portfolioAccessTokens/add', { ApplicationId: t.applicationId, EnterpriseIds: t.enterpriseIds }));
        await ok(admin('portfolioAccessTokens/revoke', { PortfolioAccessTokenId: other.PortfolioAccessToken.Id }));
      },
    },
    { name: 'a disabled integration', enterprises: 1, visible: [], change: (t) => ok(admin('integrations/update', { IntegrationId: t.integrationIds[0], IsEnabled: false })) },
    { name: 'a canceled integration', enterprises: 1, visible: [], change: (t) => ok(admin('integrations/cancel', { IntegrationId: t.integrationIds[0] })) },
    { name: 'a removed integration', enterprises: 1, visible: [], change: (t) => ok(admin('integrations/remove', { IntegrationId: t.integrationIds[0] })) },
    {
      name: 'a regenerated integration token',
      enterprises: 1,
      visible: [],
      change: (t) => ok(admin('integrations/regenerateAccessToken', { IntegrationId: t.integrationIds[0] })),
    },
    {
      name: 'a portfolio token with one integration disabled',
      enterprises: 2,
      visible: [0],
      change: (t) => ok(admin('integrations/update', { IntegrationId: t.integrationIds[1], IsEnabled: false })),
    },
    {
      name: 'a disabled application',
      enterprises: 1,
      visible: [],
      change: (t) => ok(admin('applications/update', { ApplicationId: t.applicationId, IsEnabled: false })),
    },
    { name: 'a disabled enterprise', enterprises: 1, visible: [], change: (t) => ok(admin('enterprises/update', { EnterpriseId: t.enterpriseIds[0], IsEnabled: false })) },
    {
      name: 'a portfolio with one enterprise disabled',
      enterprises: 2,
      visible: [0],
      change: (t) => ok(admin('enterprises/update', { EnterpriseId: t.enterpriseIds[1], IsEnabled: false })),
    },
  ];
  /** Revokes every portfolio token of an application. */
  const revokeAll = async (applicationId: string) => {
    const { PortfolioAccessTokens } = await ok(admin('portfolioAccessTokens/getAll', { ApplicationId: applicationId }));
    for (const { Id } of PortfolioAccessTokens) await ok(admin('portfolioAccessTokens/revoke', { PortfolioAccessTokenId: Id }));
  };
  it('Connector API: revoked tokens, disabled, canceled, removed and regenerated integrations, disabled applications and enterprises', async () => {
    const credentialsOf = new Map<StateRow, { ClientToken: string; AccessToken: string; Client: string }>();
    const stateThreads: { row: StateRow; index: number; id: string }[] = [];
    for (const row of STATES) {
      const names = Array.from({ length: row.enterprises }, (_, i) => `Hotel of ${row.name} ${i}`);
      const tenant = await createTenant(admin, names);
      const ids = tenant.enterpriseIds;
      const body = tenantCredentials(tenant);
      credentialsOf.set(row, body);
      for (const [index, EnterpriseId] of ids.entries()) {
        const added = await ok(server.post(CONNECTOR_PATHS.addThread, { ...body, OriginalSender: 'Guest', Subject: row.name, EnterpriseId }));
        stateThreads.push({ row, index, id: added.MessageThreads[0].Id });
      }
      await row.change({ applicationId: tenant.applicationId, integrationIds: tenant.integrationIds, enterpriseIds: ids, token: tenant.accessToken });
    }
    await runMatrix<StateRow, (typeof stateThreads)[number]>({
      name: 'token, application and enterprise states',
      viewers: STATES,
      targets: stateThreads,
      label: (row, thread) => `${row.name} → thread ${thread.index} of ${thread.row.name}`,
      allowed: (row, thread) => thread.row === row && row.visible.includes(thread.index),
      run: async (row, thread) => {
        const response = await server.post(CONNECTOR_PATHS.getThreads, { ...credentialsOf.get(row), MessageThreadIds: [thread.id], Limitation: { Count: 10 } });
        if (response.status === 401) return refusal(response, 401, '');
        const ids = (expectStatus(response, 200).body.MessageThreads as { Id: string }[]).map((item) => item.Id);
        const own = stateThreads.filter((candidate) => candidate.row === row && row.visible.includes(candidate.index)).map((candidate) => candidate.id);
        return { reached: ids.includes(thread.id), foreign: ids.filter((id) => !own.includes(id)) };
      },
    });
  });

  // The enterprise API: every staff member against every thread.
  const staffProbe = threadProbe(STAFF, staffSees);
  const inboxList = async (viewer: StaffRow, body: object) => {
    const response = expectStatus(await asStaff(viewer, 'messageThreads/getAll', { Limitation: { Count: 1000 }, ...body }), 200);
    const items = response.body.MessageThreads as { Id: string; IsUnread: boolean }[];
    return { items, foreign: foreignThreads(items.map((thread) => thread.Id), (thread) => staffSees(viewer, thread)) };
  };
  /** Resolves or reopens as the target enterprise's own staff, to set the state a foreign attempt must not change. */
  const setResolved = async (target: ThreadFixture, resolved: boolean) =>
    expectStatus(await asStaff(staffOf(target.enterprise), `messageThreads/${resolved ? 'resolve' : 'reopen'}`, { MessageThreadId: target.id }), 200);
  const statusProbe = (action: 'resolve' | 'reopen') =>
    staffProbe(`messageThreads/${action} of a foreign thread`, async (viewer, target) => {
      const resolving = action === 'resolve';
      await setResolved(target, !resolving);
      const response = await asStaff(viewer, `messageThreads/${action}`, { MessageThreadId: target.id });
      const changed = (await ownerThread(target)).IsResolved === resolving;
      await setResolved(target, false);
      if (response.status === 200) return { reached: changed };
      refusal(response, 400, 'Invalid MessageThreadId');
      return { reached: changed };
    });

  const STAFF_PROBES: Probe<StaffRow, ThreadFixture>[] = [
    staffProbe('messageThreads/getAll', async (viewer, target) => {
      const { items, foreign } = await inboxList(viewer, {});
      return { reached: items.some((thread) => thread.Id === target.id), foreign };
    }),
    staffProbe('messageThreads/getAll with Search for a foreign subject', async (viewer, target) => {
      const { items, foreign } = await inboxList(viewer, { Search: target.subject });
      return { reached: items.some((thread) => thread.Id === target.id), foreign };
    }),
    staffProbe('messageThreads/getAll with a foreign Cursor', async (viewer, target) => {
      const response = await asStaff(viewer, 'messageThreads/getAll', { Limitation: { Count: 1000, Cursor: target.id } });
      if (response.status !== 200) return refusal(response, 400, 'Invalid Cursor');
      const ids = (response.body.MessageThreads as { Id: string }[]).map((thread) => thread.Id);
      return { reached: true, foreign: foreignThreads(ids, (thread) => staffSees(viewer, thread)) };
    }),
    staffProbe('messages/getAll of a foreign thread', async (viewer, target) => {
      const response = await asStaff(viewer, 'messages/getAll', { MessageThreadId: target.id, Limitation: { Count: 1000 } });
      if (response.status !== 200) return refusal(response, 400, 'Invalid MessageThreadId');
      const messages = response.body.Messages as { Id: string; MessageThreadId: string }[];
      return {
        reached: target.messageIds.every((id) => messages.some((message) => message.Id === id)),
        foreign: foreignThreads(messages.map((message) => message.MessageThreadId), (thread) => staffSees(viewer, thread)),
      };
    }),
    staffProbe('messages/getAll of a foreign thread with its message as Cursor', async (viewer, target) => {
      const response = await asStaff(viewer, 'messages/getAll', { MessageThreadId: target.id, Limitation: { Count: 1000, Cursor: target.messageIds[1] } });
      if (response.status !== 200) return refusal(response, 400, 'Invalid MessageThreadId');
      return { reached: true };
    }),
    staffProbe('read marks: messages/getAll, then the thread in the inbox', async (viewer, target) => {
      const response = await asStaff(viewer, 'messages/getAll', { MessageThreadId: target.id, Limitation: { Count: 1 } });
      if (response.status !== 200) refusal(response, 400, 'Invalid MessageThreadId');
      const { items, foreign } = await inboxList(viewer, { Search: target.subject });
      const listed = items.find((thread) => thread.Id === target.id);
      return { reached: listed !== undefined && !listed.IsUnread, foreign };
    }),
    staffProbe('messages/add (a reply) into a foreign thread', async (viewer, target) => {
      const Text = uniqueText(threadLabel(viewer, target));
      const response = await asStaff(viewer, 'messages/add', { MessageThreadId: target.id, Text });
      const stored = (await ownerView(target)).some((message) => message.Text === Text);
      if (response.status === 200) return { reached: stored };
      refusal(response, 400, 'Invalid MessageThreadId');
      return { reached: stored };
    }),
    statusProbe('resolve'),
    statusProbe('reopen'),
    staffProbe('messageThreads/assign of a foreign thread, to oneself', async (viewer, target) => {
      const response = await asStaff(viewer, 'messageThreads/assign', { MessageThreadId: target.id, StaffId: staffIds.get(viewer) });
      const owner = staffOf(target.enterprise);
      const { items } = await inboxList(owner, { Search: target.subject });
      const listed = items.find((thread) => thread.Id === target.id) as { AssignedStaff: { Id: string } | null } | undefined;
      const assigned = listed?.AssignedStaff?.Id === staffIds.get(viewer);
      expectStatus(await asStaff(owner, 'messageThreads/assign', { MessageThreadId: target.id, StaffId: null }), 200);
      if (response.status === 200) return { reached: assigned };
      refusal(response, 400, 'Invalid MessageThreadId');
      return { reached: assigned };
    }),
  ];
  for (const probe of STAFF_PROBES) it(`enterprise API: ${probe.name}`, () => runMatrix(probe));

  /** A token of one enterprise only, to make a thread there. */
  const tokenOf = (enterprise: EnterpriseKey) => TOKENS.find((row) => row.enterprises.length === 1 && row.enterprises[0] === enterprise)!;
  it('enterprise API: messageThreads/assign of an own thread to a staff member of another enterprise', () =>
    runMatrix<StaffRow, StaffRow>({
      name: 'assign to staff',
      viewers: STAFF,
      targets: STAFF,
      label: (viewer, assignee) => `${viewer.name} assigns to ${assignee.name}`,
      allowed: (viewer, assignee) => viewer.enterprise === assignee.enterprise,
      run: async (viewer, assignee) => {
        // A thread of the viewer's own enterprise for each attempt, so that attempts running at once stay apart.
        const Subject = uniqueText(`${viewer.name} assigns to ${assignee.name}`);
        const added = await ok(connector(CONNECTOR_PATHS.addThread, tokenOf(viewer.enterprise), { OriginalSender: 'Guest', Subject }));
        const id = added.MessageThreads[0].Id as string;
        known.set(id, { application: tokenOf(viewer.enterprise).application, enterprise: viewer.enterprise });
        const response = await asStaff(viewer, 'messageThreads/assign', { MessageThreadId: id, StaffId: staffIds.get(assignee) });
        const { items, foreign } = await inboxList(viewer, { Search: Subject });
        const listed = items.find((thread) => thread.Id === id) as { AssignedStaff: { Id: string } | null } | undefined;
        const assigned = listed?.AssignedStaff?.Id === staffIds.get(assignee);
        if (response.status === 200) return { reached: assigned, foreign };
        refusal(response, 400, 'Invalid StaffId');
        return { reached: assigned, foreign };
      },
    }));

  it("enterprise API: quickReplies of another enterprise, listed, updated and removed", async () => {
    const own = new Map<StaffRow, { id: string; text: string }>();
    for (const row of STAFF) {
      const text = uniqueText(`quick reply of ${row.name}`);
      own.set(row, { id: (await ok(asStaff(row, 'quickReplies/add', { Text: text }))).QuickReply.Id, text });
    }
    const texts = async (viewer: StaffRow) =>
      (expectStatus(await asStaff(viewer, 'quickReplies/getAll', {}), 200).body.QuickReplies as { Text: string }[]).map((reply) => reply.Text);
    await runMatrix<StaffRow, StaffRow>({
      name: 'quick replies',
      viewers: STAFF,
      targets: STAFF,
      label: (viewer, owner) => `${viewer.name} → the quick reply of ${owner.name}`,
      allowed: (viewer, owner) => viewer.enterprise === owner.enterprise,
      run: async (viewer, owner) => {
        const reply = own.get(owner)!;
        const listed = (await texts(viewer)).includes(reply.text);
        const changed = uniqueText(`changed by ${viewer.name}`);
        const update = await asStaff(viewer, 'quickReplies/update', { QuickReplyId: reply.id, Text: changed });
        const updated = (await texts(owner)).includes(changed);
        if (update.status === 200) {
          expectStatus(await asStaff(owner, 'quickReplies/update', { QuickReplyId: reply.id, Text: reply.text }), 200);
        } else {
          refusal(update, 400, 'Invalid QuickReplyId');
        }
        const remove = await asStaff(viewer, 'quickReplies/remove', { QuickReplyId: reply.id });
        const removed = !(await texts(owner)).includes(reply.text);
        if (remove.status === 200) {
          const again = await ok(asStaff(owner, 'quickReplies/add', { Text: reply.text }));
          own.set(owner, { id: again.QuickReply.Id, text: reply.text });
        } else {
          refusal(remove, 400, 'Invalid QuickReplyId');
        }
        // Reached only when all three reached it; a refused one leaves the others' outcome to say more.
        const outcomes = [listed, updated, removed];
        if (outcomes.some(Boolean) && !outcomes.every(Boolean)) throw new Error(`partly reached: listed ${listed}, updated ${updated}, removed ${removed}`);
        return { reached: listed };
      },
    });
  });

  // CSRF: cookie-authenticated writes need the session's own CsrfToken.
  type CsrfVariant = { name: string; header: (own: SignedIn, other: SignedIn) => Record<string, string> };
  const CSRF_VARIANTS: CsrfVariant[] = [
    { name: 'no X-CSRF-Token', header: () => ({}) },
    { name: 'an empty X-CSRF-Token', header: () => ({ 'x-csrf-token': '' }) },
    { name: 'the CsrfToken of another session', header: (_own, other) => ({ 'x-csrf-token': other.csrf }) },
    { name: 'the SessionToken as X-CSRF-Token', header: (own) => ({ 'x-csrf-token': own.token }) },
    { name: 'its own CsrfToken', header: (own) => ({ 'x-csrf-token': own.csrf }) },
  ];
  type CsrfWrite = { name: string; run: (cookie: Record<string, string>, session: SignedIn) => Promise<{ response: JsonResponse; took: boolean }> };
  /** A thread of E1 for each write, so that writes running at once do not change each other's thread. */
  const e1Thread = (write: number) => threads.filter((thread) => thread.enterprise === 'E1')[write]!;
  const CSRF_WRITES: CsrfWrite[] = [
    {
      name: 'messages/add',
      run: async (headers) => {
        const Text = uniqueText('CSRF reply');
        const response = await server.post(`${ENTERPRISE}/messages/add`, { MessageThreadId: e1Thread(0).id, Text }, headers);
        return { response, took: (await ownerView(e1Thread(0))).some((message) => message.Text === Text) };
      },
    },
    ...(['resolve', 'reopen'] as const).map((action, i) => ({
      name: `messageThreads/${action}`,
      run: async (headers: Record<string, string>) => {
        const thread = e1Thread(1 + i);
        await setResolved(thread, action === 'reopen');
        const response = await server.post(`${ENTERPRISE}/messageThreads/${action}`, { MessageThreadId: thread.id }, headers);
        const took = (await ownerThread(thread)).IsResolved === (action === 'resolve');
        await setResolved(thread, false);
        return { response, took };
      },
    })),
    {
      name: 'sessions/remove',
      run: async (headers, session) => {
        const response = await server.post(`${ENTERPRISE}/sessions/remove`, {}, headers);
        const current = await server.post(`${ENTERPRISE}/sessions/getCurrent`, {}, { authorization: `Bearer ${session.token}` });
        return { response, took: current.status === 401 };
      },
    },
  ];
  it('enterprise API: cookie-authenticated writes without the session\'s CsrfToken', () =>
    runMatrix<CsrfVariant, CsrfWrite>({
      name: 'CSRF',
      viewers: CSRF_VARIANTS,
      targets: CSRF_WRITES,
      label: (variant, write) => `${write.name} by cookie with ${variant.name}`,
      allowed: (variant) => variant.name === 'its own CsrfToken',
      run: async (variant, write) => {
        // A session of its own for each attempt, as sessions/remove ends it.
        const session = await signIn(server, staffEmails.get(STAFF[0]!)!, PASSWORD);
        const { response, took } = await write.run({ cookie: session.cookie, ...variant.header(session, sessions.get(STAFF[1]!)!) }, session);
        if (response.status !== 200) refusal(response, 403, 'Missing or invalid X-CSRF-Token');
        return { reached: took };
      },
    }));

  // The admin API: every operation with every kind of wrong credentials.
  type AdminCredential = { name: string; header: () => Record<string, string>; valid: boolean };
  const ADMIN_CREDENTIALS: AdminCredential[] = [
    { name: 'no Authorization', header: () => ({}), valid: false },
    { name: 'a wrong bearer', header: () => ({ authorization: 'Bearer wrong-admin-token-0123456789' }), valid: false },
    { name: 'the token with one character more', header: () => ({ authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}x` }), valid: false },
    { name: 'the token as Basic', header: () => ({ authorization: `Basic ${Buffer.from(`admin:${SANDBOX_ADMIN_TOKEN}`).toString('base64')}` }), valid: false },
    { name: 'the token without a scheme', header: () => ({ authorization: SANDBOX_ADMIN_TOKEN }), valid: false },
    { name: 'an AccessToken', header: () => ({ authorization: `Bearer ${tokenValues.get(TOKENS[0]!)}` }), valid: false },
    { name: 'a staff SessionToken', header: () => ({ authorization: `Bearer ${sessions.get(STAFF[0]!)!.token}` }), valid: false },
    { name: 'the admin token', header: () => ({ authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` }), valid: true },
    // The scheme is case-insensitive (RFC 9110).
    { name: 'the admin token with a lower-case scheme', header: () => ({ authorization: `bearer ${SANDBOX_ADMIN_TOKEN}` }), valid: true },
  ];
  /** A body for each operation: valid where that is harmless, so that the allowed call shows data or its effect. */
  const adminBody = (operation: string): object => {
    const ApplicationId = applications.I1.id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    switch (operation) {
      case 'enterprises/add':
      case 'applications/add':
        return { Name: uniqueText(`admin ${operation}`) };
      case 'portfolioAccessTokens/getAll':
        return { ApplicationId };
      case 'webhookDeliveries/getAll':
        return { ApplicationId, Limitation: { Count: 10 } };
      case 'enterprises/getAll':
      case 'applications/getAll':
      case 'integrations/getAll':
      case 'staff/getAll':
        return {};
      default:
        // An unknown id: the operation is reached (400 naming the parameter) yet changes nothing.
        return { EnterpriseId: unknown, ApplicationId: unknown, IntegrationId: unknown, PortfolioAccessTokenId: unknown, IsEnabled: true };
    }
  };
  it('admin API: every operation without its bearer or with a wrong one', () =>
    runMatrix<AdminCredential, string>({
      name: 'admin authentication',
      viewers: ADMIN_CREDENTIALS,
      targets: ADMIN_OPERATIONS,
      label: (credential, operation) => `${operation} with ${credential.name}`,
      allowed: (credential) => credential.valid,
      run: async (credential, operation) => {
        const body = adminBody(operation);
        const response = await server.post(`/api/admin/v1/${operation}`, body, credential.header());
        if (response.status === 401) {
          refusal(response, 401, 'Missing or wrong admin token');
          if (operation === 'enterprises/add' || operation === 'applications/add') {
            const list = await ok(admin(operation.replace('/add', '/getAll'), {}));
            const names = JSON.stringify(list);
            if (names.includes((body as { Name: string }).Name)) return { reached: true };
          }
          return { reached: false };
        }
        if (response.status !== 200 && response.status !== 400) throw new Error(`got ${response.status} ${response.text.slice(0, 200)}`);
        return { reached: true };
      },
    }));

  // The live events stream: only the staff member's enterprise, and after sign-out or removal nothing else either.
  it('enterprise API: live events carry only the enterprise\'s activity, also after sign-out and staff removal', async () => {
    interface Watched {
      readonly staff: StaffRow;
      readonly events: (StreamEvent & { at: number })[];
      endedAt?: number;
      close(): void;
    }
    const watch = async (staff: StaffRow, session: SignedIn): Promise<Watched> => {
      const stream = await openEventStream(server.url, { authorization: `Bearer ${session.token}` });
      if (stream.response.status !== 200) throw new Error(`the events stream answered ${stream.response.status}`);
      const watched: Watched = { staff, events: [], close: stream.close };
      void (async () => {
        for (;;) {
          try {
            watched.events.push({ ...(await stream.next()), at: Date.now() });
          } catch {
            watched.endedAt = Date.now();
            return;
          }
        }
      })();
      return watched;
    };
    // Staff signed in for this test alone, so that ending their sessions leaves the other probes' sessions alone.
    const fresh = async (staff: StaffRow) => signIn(server, staffEmails.get(staff)!, PASSWORD);
    const streams = await Promise.all(STAFF.map(async (staff) => watch(staff, await fresh(staff))));
    const signedOut = await fresh(STAFF[0]!);
    const afterSignOut = await watch(STAFF[0]!, signedOut);
    // A staff member of E2 added for this test, removed while their stream is open.
    const removedEmail = 'removed@tenancy.test';
    const removedRow: StaffRow = { name: 'removed staff of E2', enterprise: 'E2' };
    const { Staff } = await ok(admin('staff/add', { EnterpriseId: enterpriseIds.E2, Email: removedEmail, Password: PASSWORD, Name: removedRow.name }));
    const afterRemoval = await watch(removedRow, await signIn(server, removedEmail, PASSWORD));
    const all = [...streams, afterSignOut, afterRemoval];

    /** Activity in every enterprise: a new thread and a message through each token's first thread of it. */
    const activity = async (label: string) => {
      const made: string[] = [];
      for (const thread of threads.filter((t) => t.token.enterprises.length === 1)) {
        const added = await ok(connector(CONNECTOR_PATHS.addThread, thread.token, { OriginalSender: 'Guest', Subject: uniqueText(label) }));
        known.set(added.MessageThreads[0].Id, { application: thread.token.application, enterprise: thread.enterprise });
        made.push(added.MessageThreads[0].Id);
        await ok(connector(CONNECTOR_PATHS.addMessages, thread.token, { Messages: [{ MessageThreadId: thread.id, Text: uniqueText(label) }] }));
      }
      return made;
    };
    const foreignEvents = (watched: Watched) =>
      watched.events.filter((event) => {
        const thread = known.get(event.data.MessageThreadId);
        return !thread || thread.enterprise !== watched.staff.enterprise;
      });

    const before = await activity('while signed in');
    // Positive control: every stream gets its own enterprise's new threads.
    await eventually(
      () => all.every((watched) => before.filter((id) => known.get(id)!.enterprise === watched.staff.enterprise).every((id) => watched.events.some((e) => e.data.MessageThreadId === id))),
      Boolean,
      15_000,
    );
    const signOutAt = Date.now();
    expectStatus(await server.post(`${ENTERPRISE}/sessions/remove`, {}, { authorization: `Bearer ${signedOut.token}` }), 200);
    await ok(admin('staff/remove', { StaffId: Staff.Id }));
    // Activity goes on in every enterprise until both streams have ended (or for at most 20 s).
    let rounds = 0;
    while ((afterSignOut.endedAt === undefined || afterRemoval.endedAt === undefined) && Date.now() - signOutAt < 20_000) {
      await activity(`after sign-out, round ${++rounds}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const lastAt = (watched: Watched) => watched.events.at(-1)?.at;
    const afterEnd = (watched: Watched) => watched.events.filter((event) => event.at > signOutAt).length;
    const seconds = (at: number | undefined) => (at === undefined ? 'not within 20 s' : `${((at - signOutAt) / 1000).toFixed(1)} s`);
    figures.probes += all.length;
    const leaks = all.flatMap((watched) => foreignEvents(watched).map((event) => `${watched.staff.name}: ${JSON.stringify(event.data)}`));
    figures.leaks += leaks.length;
    figures.controls += all.length;
    figures.families++;
    console.log(
      [
        `tenancy: live events: ${all.length} streams, ${all.reduce((n, w) => n + w.events.length, 0)} events, ${leaks.length} of another enterprise`,
        `  after sign-out the stream delivered ${afterEnd(afterSignOut)} more events of its own enterprise, the last ${seconds(lastAt(afterSignOut))} after it, and ended ${seconds(afterSignOut.endedAt)} after it`,
        `  after staff/remove the stream delivered ${afterEnd(afterRemoval)} more events, the last ${seconds(lastAt(afterRemoval))} after it, and ended ${seconds(afterRemoval.endedAt)} after it`,
      ].join('\n'),
    );
    for (const watched of streams) watched.close();
    afterSignOut.close();
    afterRemoval.close();
    expect(leaks).toEqual([]);
  }, 40_000);
});
