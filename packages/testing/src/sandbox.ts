import {
  AdminClient,
  ConnectorClient,
  type AutoReply,
  type Clock,
  type ConnectorClientOptions,
  type Fault,
  type FaultAddParameters,
  type Message,
  type MessageThread,
  type Sandbox,
} from '@connector-messaging/client';
import { randomBytes } from 'node:crypto';
import { startEmbeddedServer, type EmbeddedServer } from 'connector-messaging/embedded';
import { WebhookReceiver, type WebhookInbox } from './webhook-inbox.ts';

export interface SandboxOptions {
  /** Whether the harness runs a webhook receiver and points the sandbox's webhooks at it (default true). */
  webhooks?: boolean;
  /** How many enterprises, 1 to 10 (default 2). */
  enterpriseCount?: number;
  /** The sandbox's name (default the server's). */
  name?: string;
  /** Kept with the sandbox. */
  seed?: string;
  /** More server settings, as environment variables, e.g. `{ RATE_LIMIT_MAX: '5', WEBHOOK_RETRY_INITIAL_MS: '50' }`. */
  env?: Record<string, string>;
  /** What each enterprise's `ConnectorClient` is made with beside its credentials, e.g. `{ retry: false }`. */
  client?: Partial<Omit<ConnectorClientOptions, 'platformAddress' | 'clientToken' | 'accessToken'>>;
}

/** The sandbox's credentials as sandboxes/add answers them, and a client ready for each enterprise. */
export interface SandboxCredentials extends Sandbox {
  /** A `ConnectorClient` per enterprise, in the order of `Enterprises`. */
  clients: ConnectorClient[];
  /** The first enterprise's client. */
  client: ConnectorClient;
}

/** What the hotel's staff do, on command. */
export interface Staff {
  /** A staff reply in the thread (sandboxMessages/add), with its MessageAdded webhook. */
  reply(messageThreadId: string, text: string): Promise<Message>;
  resolve(messageThreadId: string): Promise<MessageThread>;
  reopen(messageThreadId: string): Promise<MessageThread>;
  /** From now on every guest message gets `text` back as a staff reply, `delayMs` later (default 0). */
  autoReply(text: string, options?: { delayMs?: number }): Promise<AutoReply>;
}

/** Forced answers to the sandbox's Connector API calls (faults/*). */
export interface Faults {
  add(fault: Omit<FaultAddParameters, 'SandboxId'>): Promise<Fault>;
  list(): Promise<Fault[]>;
  remove(faultId: string): Promise<void>;
}

/** The sandbox's time (clock/*). */
export interface SandboxClock {
  get(): Promise<Clock>;
  /** Sets now (an ISO 8601 UTC time), frozen there unless `frozen` is false. */
  set(nowUtc: string, options?: { frozen?: boolean }): Promise<Clock>;
  advance(seconds: number): Promise<Clock>;
  /** Back to real time. */
  resume(): Promise<Clock>;
}

export interface StartedSandbox {
  /** The server's address, e.g. `http://127.0.0.1:41234`: the `platformAddress` of your own client. */
  readonly url: string;
  readonly credentials: SandboxCredentials;
  /** The server's whole admin API, for what the shortcuts here do not cover. */
  readonly admin: AdminClient;
  readonly staff: Staff;
  readonly faults: Faults;
  readonly clock: SandboxClock;
  /** The signed receiver of the sandbox's webhooks; absent with `webhooks: false`. */
  readonly webhooks: WebhookInbox;
  /** Deletes what happened in the sandbox (threads, messages, deliveries, auto-replies) and the received webhooks. */
  reset(): Promise<void>;
  /** Closes the server and the receiver. */
  stop(): Promise<void>;
}

/**
 * Starts a server in this process on a free port of 127.0.0.1 over an in-memory database, in sandbox mode and quiet,
 * and creates a fresh sandbox in it through the admin API, its webhooks going to a receiver of the harness's own.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<StartedSandbox> {
  const receiver = options.webhooks === false ? undefined : await WebhookReceiver.start();
  // Its own admin token rather than the sandbox's public one: only this harness administers its server.
  const adminToken = randomBytes(24).toString('hex');
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbeddedServer({
      LOG_LEVEL: 'silent',
      ...options.env,
      MODE: 'sandbox',
      DATABASE_URL: 'sqlite::memory:',
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_TOKEN: adminToken,
    });
    const admin = new AdminClient({ baseUrl: server.url, adminToken, retry: false });
    const { Sandbox: sandbox } = await admin.sandboxes.add({
      ...(options.name !== undefined && { Name: options.name }),
      ...(options.enterpriseCount !== undefined && { EnterpriseCount: options.enterpriseCount }),
      ...(options.seed !== undefined && { Seed: options.seed }),
      ...(receiver && { WebhookUrl: receiver.url, IntegrationWebhookUrl: receiver.integrationUrl }),
    });
    if (receiver) receiver.secret = sandbox.WebhookSecret;
    return started(server, admin, sandbox, receiver, options);
  } catch (error) {
    await Promise.all([server?.close(), receiver?.close()]);
    throw error;
  }
}

function started(
  server: EmbeddedServer,
  admin: AdminClient,
  sandbox: Sandbox,
  receiver: WebhookReceiver | undefined,
  options: SandboxOptions,
): StartedSandbox {
  const SandboxId = sandbox.Id;
  const clients = sandbox.Enterprises.map(
    (enterprise) =>
      new ConnectorClient({
        client: 'Connector messaging testing 0.1.0',
        ...options.client,
        platformAddress: server.url,
        clientToken: sandbox.ClientToken,
        accessToken: enterprise.AccessToken ?? '',
      }),
  );
  return {
    url: server.url,
    credentials: { ...sandbox, clients, client: clients[0]! },
    admin,
    staff: {
      reply: async (MessageThreadId, Text) => (await admin.sandboxMessages.add({ MessageThreadId, Text })).Message,
      resolve: async (MessageThreadId) => (await admin.sandboxThreads.resolve({ MessageThreadId })).MessageThread,
      reopen: async (MessageThreadId) => (await admin.sandboxThreads.reopen({ MessageThreadId })).MessageThread,
      autoReply: async (Text, { delayMs = 0 } = {}) => (await admin.autoReplies.add({ SandboxId, Text, DelayMs: delayMs })).AutoReply,
    },
    faults: {
      add: async (fault) => (await admin.faults.add({ ...fault, SandboxId })).Fault,
      list: async () => (await admin.faults.getAll({ SandboxId })).Faults,
      remove: async (FaultId) => void (await admin.faults.remove({ FaultId })),
    },
    clock: {
      get: async () => (await admin.clock.get({ SandboxId })).Clock,
      set: async (NowUtc, { frozen = true } = {}) => (await admin.clock.set({ SandboxId, NowUtc, Frozen: frozen })).Clock,
      advance: async (Seconds) => (await admin.clock.advance({ SandboxId, Seconds })).Clock,
      resume: async () => (await admin.clock.resume({ SandboxId })).Clock,
    },
    get webhooks(): WebhookInbox {
      if (!receiver) throw new Error('This sandbox was started with webhooks: false.');
      return receiver;
    },
    async reset() {
      await admin.sandboxes.reset({ SandboxId });
      receiver?.clear();
    },
    async stop() {
      // The server first: a delivery it is making still finds the receiver.
      try {
        await server.close();
      } finally {
        await receiver?.close();
      }
    },
  };
}
