import type { Transport } from './transport.ts';

/**
 * The admin API's sandbox powers beyond tenants and staff replies: faults, webhook behaviour, the clock and the
 * request log. Their shapes are the newest of the admin API, all in this one module.
 */

/** A forced answer to a sandbox's calls of one operation. */
export interface Fault {
  Id: string;
  SandboxId: string;
  /** `{resource}/{action}`, e.g. `messages/add`. */
  Operation: string;
  /** Only the calls made with this AccessToken; null: every call of the sandbox. */
  AccessToken: string | null;
  Status: number | null;
  RetryAfterS: number | null;
  DelayMs: number;
  /** The connection is closed without an answer. */
  Drop: boolean;
  /** How many calls it answers before it is spent; null: every call. */
  Count: number | null;
  Probability: number;
  /** The operation runs and is stored before the fault answers in its place. */
  AfterCommit: boolean;
  FiredCount: number;
  CreatedUtc: string;
}

export interface FaultAddParameters {
  SandboxId: string;
  Operation: string;
  /** Only the calls made with this AccessToken. */
  AccessToken?: string | null;
  Status?: number | null;
  RetryAfterS?: number | null;
  DelayMs?: number | null;
  Drop?: boolean | null;
  Count?: number | null;
  Probability?: number | null;
  AfterCommit?: boolean | null;
}

export interface WebhookBehaviour {
  SandboxId: string;
  LagMs: number;
  LagJitterMs: number;
  /** How many of the next attempts still fail without a request. */
  FailNextCount: number;
  FailNextStatus: number | null;
  /** Those attempts are recorded as timeouts. */
  FailNextTimeout: boolean;
  DuplicateProbability: number;
  Reorder: boolean;
}

/** The next `Count` delivery attempts fail: with `Status`, or by timing out. */
export interface WebhookFailures {
  Count: number;
  Status?: number | null;
  Timeout?: boolean;
}

/** An absent field keeps its value; null resets it. */
export interface WebhookBehaviourUpdateParameters {
  SandboxId: string;
  LagMs?: number | null;
  LagJitterMs?: number | null;
  FailNext?: WebhookFailures | null;
  DuplicateProbability?: number | null;
  Reorder?: boolean | null;
}

/** A sandbox's time: real, or set and possibly frozen. */
export interface Clock {
  SandboxId: string;
  NowUtc: string;
  Frozen: boolean;
  IsRealTime: boolean;
}

/** A request the server answered for a sandbox, as its request journal keeps it (secrets masked). */
export interface RequestRecord {
  Id: string;
  SandboxId: string;
  Method: string;
  Operation: string;
  Status: number;
  DurationMs: number;
  RequestId: string;
  /** When the request arrived, to the millisecond. */
  CreatedUtc: string;
  RequestBody: unknown;
  ResponseBody: unknown;
  /** The injected fault that answered instead of the operation. */
  FaultId: string | null;
}

export interface RequestFilterParameters {
  SandboxId: string;
  Limitation: { Count: number; Cursor?: string | null };
  Operation?: string;
  Status?: number;
  RequestId?: string;
}

type Sandboxed = { SandboxId: string };

/** faults/add, getAll and remove. */
export const faults = (transport: Transport) => ({
  add: (parameters: FaultAddParameters) => transport.post<{ Fault: Fault }>('faults/add', parameters),
  getAll: (parameters: Sandboxed) => transport.post<{ Faults: Fault[] }>('faults/getAll', parameters),
  remove: (parameters: { FaultId: string }) => transport.post<Record<string, never>>('faults/remove', parameters),
});

/** webhookBehaviour/get and update. */
export const webhookBehaviour = (transport: Transport) => ({
  get: (parameters: Sandboxed) => transport.post<{ WebhookBehaviour: WebhookBehaviour }>('webhookBehaviour/get', parameters),
  update: (parameters: WebhookBehaviourUpdateParameters) =>
    transport.post<{ WebhookBehaviour: WebhookBehaviour }>('webhookBehaviour/update', parameters),
});

type ClockResult = Promise<{ Clock: Clock }>;

/** clock/get, set, advance and resume. */
export const clock = (transport: Transport) => ({
  get: (parameters: Sandboxed): ClockResult => transport.post('clock/get', parameters),
  /** Sets the sandbox's now, frozen there when `Frozen`. */
  set: (parameters: Sandboxed & { NowUtc: string; Frozen?: boolean }): ClockResult => transport.post('clock/set', parameters),
  advance: (parameters: Sandboxed & { Seconds: number }): ClockResult => transport.post('clock/advance', parameters),
  /** Back to real time. */
  resume: (parameters: Sandboxed): ClockResult => transport.post('clock/resume', parameters),
});

/** requests/getAll. */
export const requests = (transport: Transport) => ({
  getAll: (parameters: RequestFilterParameters) =>
    transport.post<{ Requests: RequestRecord[]; Cursor: string | null }>('requests/getAll', parameters),
});
