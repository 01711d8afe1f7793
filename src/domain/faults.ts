import { seededDraw } from './seeded-draw.ts';
import { hashAccessToken } from './access-token-hash.ts';
import type { AdminReader } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { SandboxId } from './model.ts';
import type { MessagingStore } from './store.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

/** The Connector operations a fault can answer for; `*` matches every one. */
export const FAULT_OPERATIONS = ['messageThreads/add', 'messageThreads/getAll', 'messages/add', 'messages/getAll', '*'] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];
/** The statuses a fault may answer with: those the contract gives the Connector API's errors. */
export const FAULT_STATUSES = [400, 401, 403, 408, 409, 429, 500, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];
export const MAX_FAULT_DELAY_MS = 60_000;
export const MAX_FAULT_RETRY_AFTER_S = 3600;
export const MAX_FAULT_COUNT = 1_000_000;
/** A 429 fault without RetryAfterS says this, as the contract's 429 always carries `Retry-After`. */
export const DEFAULT_FAULT_RETRY_AFTER_S = 1;

export type FaultId = string;

/** A fault a sandbox's Connector requests meet: an error, a delay, a dropped connection, or some of these. */
export interface Fault {
  readonly id: FaultId;
  readonly sandboxId: SandboxId;
  readonly operation: FaultOperation;
  /** Only requests with this AccessToken (one of the sandbox's); null: any of the sandbox's. */
  readonly accessToken: string | null;
  /** null: no error answer (a delay, or a drop). */
  readonly status: FaultStatus | null;
  /** The `Retry-After` of a 429; null otherwise. */
  readonly retryAfterS: number | null;
  readonly delayMs: number;
  readonly drop: boolean;
  /** How many requests it fails; null: until it is removed. */
  readonly count: number | null;
  /** The chance that a matching request fires it, 0 to 1. */
  readonly probability: number;
  /** The request's work is done and committed first; the fault then replaces its answer. */
  readonly afterCommit: boolean;
  readonly firedCount: number;
  readonly createdUtc: UtcSeconds;
}

/** The faults of a sandbox that may still fire, oldest first, with the sandbox's seed. */
export interface ArmedFaults {
  readonly seed: string | null;
  readonly faults: readonly Fault[];
}

/** What fault injection needs from storage; every count is kept in the database, so that processes share it. */
export interface FaultStore {
  insertFault(fault: Fault): Promise<void>;
  /** A sandbox's faults, oldest first. */
  listFaults(sandboxId: SandboxId): Promise<Fault[]>;
  /** False when there was none. */
  deleteFault(id: FaultId): Promise<boolean>;
  /** The faults of a sandbox that have not fired their `count` yet, oldest first: one indexed read. */
  findArmedFaults(sandboxId: SandboxId): Promise<ArmedFaults>;
  /**
   * Counts one firing, unless the fault has fired its `count` already (or is gone): in one conditional update, so that
   * of any number of processes firing it at once exactly `count` succeed.
   */
  fireFault(id: FaultId): Promise<boolean>;
  /** Counts one draw of a fault's probability and returns its number (1, 2, …), shared by every process. */
  drawFault(id: FaultId): Promise<number | undefined>;
}

export interface FaultAddInput {
  readonly sandboxId: SandboxId;
  readonly operation: string;
  readonly accessToken?: string | null | undefined;
  readonly status?: number | null | undefined;
  readonly retryAfterS?: number | null | undefined;
  readonly delayMs?: number | null | undefined;
  readonly drop?: boolean | null | undefined;
  readonly count?: number | null | undefined;
  readonly probability?: number | null | undefined;
  readonly afterCommit?: boolean | null | undefined;
}

function wholeNumberIn(value: number, min: number, max: number, parameter: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** The fault `input` describes, checked; throws `InvalidParameterError` naming the first parameter that is wrong. */
export function validFault(input: FaultAddInput, now: UtcSeconds): Fault {
  const operation = FAULT_OPERATIONS.find((o) => o === input.operation);
  if (!operation) throw new InvalidParameterError('Operation', `must be one of ${FAULT_OPERATIONS.join(', ')}.`);
  const status = input.status ?? null;
  if (status !== null && !FAULT_STATUSES.includes(status as FaultStatus)) {
    throw new InvalidParameterError('Status', `must be one of ${FAULT_STATUSES.join(', ')}.`);
  }
  const drop = input.drop ?? false;
  if (drop && status !== null) throw new InvalidParameterError('Drop', 'a dropped connection has no Status; give one or the other.');
  if (input.retryAfterS != null && status !== 429) throw new InvalidParameterError('RetryAfterS', 'only with Status 429.');
  const retryAfterS =
    status === 429 ? wholeNumberIn(input.retryAfterS ?? DEFAULT_FAULT_RETRY_AFTER_S, 0, MAX_FAULT_RETRY_AFTER_S, 'RetryAfterS') : null;
  const delayMs = wholeNumberIn(input.delayMs ?? 0, 0, MAX_FAULT_DELAY_MS, 'DelayMs');
  if (status === null && !drop && delayMs === 0) {
    throw new InvalidParameterError('Status', 'a fault must do something: give a Status, Drop or a DelayMs.');
  }
  const count = input.count == null ? null : wholeNumberIn(input.count, 1, MAX_FAULT_COUNT, 'Count');
  const probability = input.probability ?? 1;
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new InvalidParameterError('Probability', 'must be a number from 0 to 1.');
  }
  return {
    id: newId(),
    sandboxId: input.sandboxId,
    operation,
    accessToken: input.accessToken ?? null,
    status: status as FaultStatus | null,
    retryAfterS,
    delayMs,
    drop,
    count,
    probability,
    afterCommit: input.afterCommit ?? false,
    firedCount: 0,
    createdUtc: now,
  };
}

/**
 * `faults/add`: from now on, the sandbox's Connector requests of `operation` (with `accessToken`, if given) meet the
 * fault, the next `count` of them or until it is removed.
 *
 * @throws InvalidParameterError `Invalid SandboxId` for no such sandbox, `Invalid AccessToken` for a token not of it.
 */
export async function addFault(
  store: FaultStore & Pick<AdminReader, 'findSandbox'> & Pick<MessagingStore, 'findAccessTokenGrant'>,
  input: FaultAddInput,
  now: UtcSeconds = nowUtc(),
): Promise<Fault> {
  const fault = validFault(input, now);
  if (!(await store.findSandbox(fault.sandboxId))) throw new InvalidParameterError('SandboxId');
  if (fault.accessToken !== null) {
    const grant = await store.findAccessTokenGrant(hashAccessToken(fault.accessToken));
    if (grant?.sandboxId !== fault.sandboxId) throw new InvalidParameterError('AccessToken', 'not an access token of the sandbox.');
  }
  await store.insertFault(fault);
  return fault;
}

/** `faults/getAll`: a sandbox's faults, oldest first, each with how many times it fired. */
export async function listFaults(store: FaultStore & Pick<AdminReader, 'findSandbox'>, sandboxId: SandboxId): Promise<Fault[]> {
  if (!(await store.findSandbox(sandboxId))) throw new InvalidParameterError('SandboxId');
  return store.listFaults(sandboxId);
}

/** `faults/remove`: it fires no more. */
export async function removeFault(store: FaultStore, id: FaultId): Promise<void> {
  if (!(await store.deleteFault(id))) throw new InvalidParameterError('FaultId');
}

/**
 * The fault a request meets, if any, fired (counted) already: the oldest of `armed` that matches its operation and
 * AccessToken, passes its probability draw (from the sandbox's seed, or at random without one) and is not used up by
 * another request meanwhile.
 */
export async function meetFault(
  store: Pick<FaultStore, 'fireFault' | 'drawFault'>,
  armed: ArmedFaults,
  request: { readonly operation: string; readonly accessToken: string },
  random: () => number = Math.random,
): Promise<Fault | undefined> {
  for (const fault of armed.faults) {
    if (fault.operation !== '*' && fault.operation !== request.operation) continue;
    if (fault.accessToken !== null && fault.accessToken !== request.accessToken) continue;
    if (fault.probability < 1) {
      if (fault.probability === 0) continue;
      const n = await store.drawFault(fault.id);
      if (n === undefined) continue;
      const draw = armed.seed === null ? random() : seededDraw(armed.seed, n);
      if (draw >= fault.probability) continue;
    }
    if (await store.fireFault(fault.id)) return fault;
  }
  return undefined;
}
