import { createHash } from 'node:crypto';
import type { AdminStore } from './admin-store.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { SandboxId } from './model.ts';
import { LATEST_UTC, parseUtc, type UtcSeconds } from './time.ts';

/**
 * A sandbox's clock as it is stored: how it was set, not an instant, so that every process reads the same time from it
 * without being told when it ticks. Set and running, it is real time plus `offsetS`; frozen, `frozenUtc`; neither,
 * real time. Whichever, it never reads earlier than `floorUtc`, the sandbox's newest thread or message when the clock
 * was last set: new rows then never sort before older ones (pages order by creation second, then creation order).
 */
export interface SandboxClock {
  readonly offsetS: number | null;
  readonly frozenUtc: UtcSeconds | null;
  readonly floorUtc: UtcSeconds | null;
}

export const REAL_TIME: SandboxClock = { offsetS: null, frozenUtc: null, floorUtc: null };

/** What a write in a sandbox needs of it: its clock, and its seed (ids drawn from it), with the sandbox's id. */
export interface SandboxContext {
  readonly id: SandboxId;
  readonly seed: string | null;
  readonly clock: SandboxClock;
}

/** The longest `clock/advance`: one year. */
export const MAX_ADVANCE_SECONDS = 366 * 24 * 60 * 60;

/** Now on `clock`, in epoch milliseconds; real time when there is no sandbox. */
export function clockNowMs(clock: SandboxClock | null | undefined, realMs: number = Date.now()): number {
  if (!clock) return realMs;
  const ms = clock.frozenUtc !== null ? clock.frozenUtc * 1000 : realMs + (clock.offsetS ?? 0) * 1000;
  return clock.floorUtc === null ? ms : Math.max(ms, clock.floorUtc * 1000);
}

/** Now on the sandbox's clock, in the whole seconds responses show; real time outside sandboxes. */
export function sandboxNowUtc(sandbox: Pick<SandboxContext, 'clock'> | null | undefined, realMs: number = Date.now()): UtcSeconds {
  return Math.floor(clockNowMs(sandbox?.clock, realMs) / 1000);
}

/**
 * The id named `key` (the counter of ids drawn so far, or a name) of `seed`: a UUID v4 shaped from SHA-256(seed, key),
 * so that the same seed and the same requests give the same ids on any server.
 */
export function seededId(seed: string, key: number | string): string {
  const bytes = createHash('sha256').update(`${seed}\u0000${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `count` ids for a write: drawn from the seed after `lastCounter - count`, or random without a seed. */
export function idsFor(seed: string | null, count: number, lastCounter: number): string[] {
  return Array.from({ length: count }, (_, i) => (seed === null ? newId() : seededId(seed, lastCounter - count + 1 + i)));
}

/** A clock as `clock/get` shows it. */
export interface ClockView {
  readonly sandboxId: SandboxId;
  readonly nowUtc: UtcSeconds;
  readonly frozen: boolean;
  readonly isRealTime: boolean;
}

function view(sandboxId: SandboxId, clock: SandboxClock, realMs: number): ClockView {
  return {
    sandboxId,
    nowUtc: Math.floor(clockNowMs(clock, realMs) / 1000),
    frozen: clock.frozenUtc !== null,
    isRealTime: clock.offsetS === null && clock.frozenUtc === null,
  };
}

/** Changes a sandbox's clock in one administrative transaction, from its current state and its newest data. */
async function changeClock(
  store: AdminStore,
  sandboxId: SandboxId,
  realMs: number,
  change: (current: SandboxClock, newestUtc: UtcSeconds | null) => SandboxClock,
): Promise<ClockView> {
  return store.administer(async (writer) => {
    const current = await writer.findSandboxClock(sandboxId);
    if (!current) throw new InvalidParameterError('SandboxId');
    const next = change(current, await writer.findSandboxNewestUtc(sandboxId));
    await writer.updateSandboxClock(sandboxId, next);
    return view(sandboxId, next, realMs);
  });
}

/** `clock/get`. */
export async function getClock(store: AdminStore, sandboxId: SandboxId, realMs: number = Date.now()): Promise<ClockView> {
  const clock = await store.findSandboxClock(sandboxId);
  if (!clock) throw new InvalidParameterError('SandboxId');
  return view(sandboxId, clock, realMs);
}

const WHOLE_SECONDS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * `clock/set`: the sandbox's time is `nowUtc` from now on, running or frozen. Set before the sandbox's newest thread or
 * message, it is set to that newest second instead, so that paging order stays creation order.
 */
export async function setClock(
  store: AdminStore,
  input: { readonly sandboxId: SandboxId; readonly nowUtc: string; readonly frozen?: boolean | undefined },
  realMs: number = Date.now(),
): Promise<ClockView> {
  if (!WHOLE_SECONDS_UTC.test(input.nowUtc)) throw new InvalidParameterError('NowUtc', 'expected YYYY-MM-DDThh:mm:ssZ.');
  const requested = parseUtc(input.nowUtc, 'NowUtc');
  return changeClock(store, input.sandboxId, realMs, (_, newestUtc) => {
    const at = newestUtc === null ? requested : Math.max(requested, newestUtc);
    return input.frozen
      ? { offsetS: null, frozenUtc: at, floorUtc: newestUtc }
      : { offsetS: at - Math.floor(realMs / 1000), frozenUtc: null, floorUtc: newestUtc };
  });
}

/** `clock/advance`: the clock moves `seconds` ahead, frozen or running. */
export async function advanceClock(
  store: AdminStore,
  input: { readonly sandboxId: SandboxId; readonly seconds: number },
  realMs: number = Date.now(),
): Promise<ClockView> {
  const { seconds } = input;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
    throw new InvalidParameterError('Seconds', `must be a whole number from 1 to ${MAX_ADVANCE_SECONDS}.`);
  }
  return changeClock(store, input.sandboxId, realMs, (current) => {
    // From where it reads now, so that a clock held at its floor moves too.
    const now = Math.floor(clockNowMs(current, realMs) / 1000) + seconds;
    if (now > LATEST_UTC) throw new InvalidParameterError('Seconds', 'the clock would pass 9999-12-31T23:59:59Z.');
    return current.frozenUtc !== null
      ? { ...current, frozenUtc: now }
      : { ...current, offsetS: now - Math.floor(realMs / 1000) };
  });
}

/** `clock/resume`: back to real time, never earlier than the sandbox's newest data. */
export async function resumeClock(store: AdminStore, sandboxId: SandboxId, realMs: number = Date.now()): Promise<ClockView> {
  return changeClock(store, sandboxId, realMs, (_, newestUtc) => ({ ...REAL_TIME, floorUtc: newestUtc }));
}
