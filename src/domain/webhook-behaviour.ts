import { seededDraw } from './seeded-draw.ts';
import type { AdminReader } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import type { SandboxId } from './model.ts';

/** The most a sandbox's deliveries can lag, and the most random extra on top (the public service: 120000 + 180000). */
export const MAX_LAG_MS = 600_000;
export const MAX_FAIL_NEXT_COUNT = 100;
/** A failed attempt's status when FailNext names none. */
export const DEFAULT_FAIL_NEXT_STATUS = 500;

/**
 * How a sandbox's webhooks (both kinds, of its applications) misbehave on purpose, so that a client's handling of a slow,
 * flaky or repetitive sender can be tested. The defaults (`defaultWebhookBehaviour`) deliver at once, as production does.
 */
export interface WebhookBehaviour {
  readonly sandboxId: SandboxId;
  /** Each delivery's first attempt is due this long after its event, plus a random part of `lagJitterMs`. */
  readonly lagMs: number;
  readonly lagJitterMs: number;
  /** The next this many attempts fail without a request, recorded with `failNextStatus` or as a timeout. */
  readonly failNextCount: number;
  readonly failNextStatus: number | null;
  readonly failNextTimeout: boolean;
  /** The chance that a delivery's request is sent twice, with the same `webhook-id`. */
  readonly duplicateProbability: number;
  /** Deliveries due together go out in shuffled order rather than in creation order. */
  readonly reorder: boolean;
}

export function defaultWebhookBehaviour(sandboxId: SandboxId): WebhookBehaviour {
  return {
    sandboxId,
    lagMs: 0,
    lagJitterMs: 0,
    failNextCount: 0,
    failNextStatus: null,
    failNextTimeout: false,
    duplicateProbability: 0,
    reorder: false,
  };
}

/** True when the behaviour changes when or in what order deliveries go out (so each event is its own delivery). */
export function schedulesDeliveries(behaviour: WebhookBehaviour): boolean {
  return behaviour.lagMs > 0 || behaviour.lagJitterMs > 0 || behaviour.reorder;
}

export type WebhookBehaviourChanges = Partial<Omit<WebhookBehaviour, 'sandboxId'>>;

/** `webhookBehaviour/update`'s changes: an absent field keeps its value, null resets it. */
export interface WebhookBehaviourUpdate {
  readonly lagMs?: number | null | undefined;
  readonly lagJitterMs?: number | null | undefined;
  readonly failNext?: { readonly count: number; readonly status?: number | undefined; readonly timeout?: boolean | undefined } | null | undefined;
  readonly duplicateProbability?: number | null | undefined;
  readonly reorder?: boolean | null | undefined;
}

/** Where behaviours are kept: one per sandbox that has one. */
export interface WebhookBehaviourStore {
  findWebhookBehaviour(sandboxId: SandboxId): Promise<WebhookBehaviour | undefined>;
  /**
   * Changes the given fields of the sandbox's behaviour (the defaults' where it had none) and leaves the others as they
   * are in the database, a FailNext count that attempts are taking from meanwhile included; returns the result.
   */
  saveWebhookBehaviour(sandboxId: SandboxId, changes: WebhookBehaviourChanges): Promise<WebhookBehaviour>;
}

type Stores = Pick<AdminReader, 'findSandbox'> & WebhookBehaviourStore;

function wholeNumberIn(value: number, min: number, max: number, parameter: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

async function requireSandbox(store: Stores, sandboxId: SandboxId): Promise<void> {
  if (!(await store.findSandbox(sandboxId))) throw new InvalidParameterError('SandboxId');
}

/** `webhookBehaviour/get`: the sandbox's behaviour, the defaults when it has none. */
export async function getWebhookBehaviour(store: Stores, sandboxId: SandboxId): Promise<WebhookBehaviour> {
  await requireSandbox(store, sandboxId);
  return (await store.findWebhookBehaviour(sandboxId)) ?? defaultWebhookBehaviour(sandboxId);
}

/**
 * `webhookBehaviour/update`: changes the given fields, resets those given as null, keeps the others.
 *
 * @throws InvalidParameterError `Invalid <Parameter>` for a value out of bounds, or a FailNext with both a Status and
 *   a Timeout.
 */
export async function updateWebhookBehaviour(store: Stores, sandboxId: SandboxId, update: WebhookBehaviourUpdate): Promise<WebhookBehaviour> {
  await requireSandbox(store, sandboxId);
  const defaults = defaultWebhookBehaviour(sandboxId);
  const changes: { -readonly [Key in keyof WebhookBehaviourChanges]: WebhookBehaviourChanges[Key] } = {};
  if (update.lagMs !== undefined) changes.lagMs = update.lagMs === null ? defaults.lagMs : wholeNumberIn(update.lagMs, 0, MAX_LAG_MS, 'LagMs');
  if (update.lagJitterMs !== undefined) {
    changes.lagJitterMs = update.lagJitterMs === null ? defaults.lagJitterMs : wholeNumberIn(update.lagJitterMs, 0, MAX_LAG_MS, 'LagJitterMs');
  }
  if (update.failNext === null) {
    Object.assign(changes, { failNextCount: 0, failNextStatus: null, failNextTimeout: false });
  } else if (update.failNext !== undefined) {
    const { count, status, timeout = false } = update.failNext;
    if (timeout && status !== undefined) throw new InvalidParameterError('FailNext', 'give a Status or Timeout true, not both.');
    Object.assign(changes, {
      failNextCount: wholeNumberIn(count, 1, MAX_FAIL_NEXT_COUNT, 'FailNext.Count'),
      failNextStatus: timeout ? null : wholeNumberIn(status ?? DEFAULT_FAIL_NEXT_STATUS, 400, 599, 'FailNext.Status'),
      failNextTimeout: timeout,
    });
  }
  if (update.duplicateProbability !== undefined) {
    const probability = update.duplicateProbability ?? defaults.duplicateProbability;
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new InvalidParameterError('DuplicateProbability', 'must be a number from 0 to 1.');
    }
    changes.duplicateProbability = probability;
  }
  if (update.reorder !== undefined) changes.reorder = update.reorder ?? defaults.reorder;
  return store.saveWebhookBehaviour(sandboxId, changes);
}

/**
 * The random numbers of a sandbox's behaviour, in [0, 1): drawn from its Seed when it has one, so that a test sees the
 * same shuffle on every run (the same draw for the same `label`), else from `Math.random`.
 */
export function behaviourRandom(seed: string | null): (label: string) => number {
  if (seed === null) return () => Math.random();
  return (label) => seededDraw(seed, label);
}
