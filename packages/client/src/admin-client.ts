import { clock, faults, requests, webhookBehaviour } from './admin-powers.ts';
import { Transport, type DeliveryOptions } from './transport.ts';
import type { Message, MessageThread } from './types.ts';

export interface AdminClientOptions extends DeliveryOptions {
  /** The server's address, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The admin API's bearer token (a sandbox server's is `sandbox-admin-token`). */
  adminToken: string;
}

/** A sandbox with every credential in it, as sandboxes/add answers it. */
export interface Sandbox {
  Id: string;
  Name: string;
  Seed: string | null;
  CreatedUtc: string;
  ExpiresUtc: string | null;
  ClientToken: string;
  /** Signs the application's webhooks (`whsec_…`). */
  WebhookSecret: string;
  Enterprises: { Id: string; Name: string; IntegrationId: string | null; AccessToken: string | null }[];
  PortfolioAccessToken: string | null;
  Staff: { EnterpriseId: string; Email: string; Password: string }[];
}

export interface SandboxAddParameters {
  Name?: string;
  /** 1 to 10; 2 when absent. */
  EnterpriseCount?: number;
  WebhookUrl?: string | null;
  IntegrationWebhookUrl?: string | null;
  Seed?: string | null;
  TimeToLiveMinutes?: number | null;
}

export interface AutoReply {
  Id: string;
  SandboxId: string;
  Text: string;
  DelayMs: number;
}

type Sandboxed = { SandboxId: string };
type Thread = { MessageThreadId: string };
type Done = Record<string, never>;

/**
 * The admin API (`/api/admin/v1/`) of a sandbox server, over the client's transport: the same errors and retries as
 * the Connector API's calls. `admin.sandboxes.add({ EnterpriseCount: 1 })`.
 */
export class AdminClient {
  readonly sandboxes;
  /** Staff replies on command. */
  readonly sandboxMessages;
  readonly sandboxThreads;
  readonly autoReplies;
  readonly faults;
  readonly webhookBehaviour;
  readonly clock;
  readonly requests;

  constructor(options: AdminClientOptions) {
    const transport = new Transport(
      { baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/api/admin/v1/`, headers: { authorization: `Bearer ${options.adminToken}` } },
      options,
    );
    type SandboxResult = Promise<{ Sandbox: Sandbox }>;
    type ThreadResult = Promise<{ MessageThread: MessageThread }>;
    this.sandboxes = {
      add: (parameters: SandboxAddParameters = {}): SandboxResult => transport.post('sandboxes/add', parameters),
      getAll: () => transport.post<{ Sandboxes: Sandbox[] }>('sandboxes/getAll', {}),
      /** Deletes what happened in the sandbox; its tenants and credentials stay. */
      reset: (parameters: Sandboxed): SandboxResult => transport.post('sandboxes/reset', parameters),
      remove: (parameters: Sandboxed) => transport.post<Done>('sandboxes/remove', parameters),
    };
    this.sandboxMessages = {
      add: (parameters: Thread & { Text: string }) => transport.post<{ Message: Message }>('sandboxMessages/add', parameters),
    };
    this.sandboxThreads = {
      resolve: (parameters: Thread): ThreadResult => transport.post('sandboxThreads/resolve', parameters),
      reopen: (parameters: Thread): ThreadResult => transport.post('sandboxThreads/reopen', parameters),
    };
    this.autoReplies = {
      /** Every guest message in the sandbox gets `Text` back as a staff reply `DelayMs` later. */
      add: (parameters: Sandboxed & { Text: string; DelayMs: number }) =>
        transport.post<{ AutoReply: AutoReply }>('autoReplies/add', parameters),
      getAll: (parameters: Sandboxed) => transport.post<{ AutoReplies: AutoReply[] }>('autoReplies/getAll', parameters),
      remove: (parameters: { AutoReplyId: string }) => transport.post<Done>('autoReplies/remove', parameters),
    };
    this.faults = faults(transport);
    this.webhookBehaviour = webhookBehaviour(transport);
    this.clock = clock(transport);
    this.requests = requests(transport);
  }
}
