/** How often an open breaker probes the dependency by default. */
export const DEFAULT_PROBE_INTERVAL_MS = 1000;

export interface CircuitBreakerOptions {
  /** Resolves when the dependency answers again; run in the background while the breaker is open, never by a request. */
  readonly probe: () => Promise<unknown>;
  /** How often an open breaker probes. */
  readonly probeIntervalMs?: number;
  /** Told once per outage, when the breaker opens. */
  readonly onOpen?: (error: unknown) => void;
  /** Told when a probe succeeded and calls go to the dependency again. */
  readonly onClose?: () => void;
}

export interface CircuitBreaker {
  /**
   * `work` while the dependency answers; `fallback` at once while it does not. A `work` that fails opens the breaker
   * and is answered by `fallback` too, so a caller never sees the dependency's failure.
   */
  call<T>(work: () => Promise<T>, fallback: () => Promise<T>): Promise<T>;
  /** Opens the breaker (as a failed call does), for a failure seen elsewhere, e.g. a lost connection. */
  open(error: unknown): void;
  /** Whether calls go to the dependency. */
  readonly closed: boolean;
  /** Stops probing; the breaker is not used afterwards. */
  dispose(): void;
}

/**
 * A circuit breaker for a dependency that may stop answering without refusing (a hung Redis): the first failure (a
 * timeout, say) opens it, and from then on calls take the fallback without waiting, so each outage costs at most the
 * one timeout of the calls that were in flight when it began. While open, a probe runs every `probeIntervalMs` in the
 * background; the first that succeeds closes the breaker. No request ever waits for a probe.
 *
 * @example
 *   const breaker = circuitBreaker({ probe: () => redis.ping() });
 *   const decision = await breaker.call(() => shared.consume(key), () => local.consume(key));
 */
export function circuitBreaker({
  probe,
  probeIntervalMs = DEFAULT_PROBE_INTERVAL_MS,
  onOpen = () => {},
  onClose = () => {},
}: CircuitBreakerOptions): CircuitBreaker {
  let closed = true;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const scheduleProbe = () => {
    if (disposed) return;
    timer = setTimeout(function probeDependency() {
      probe().then(
        () => {
          if (disposed) return;
          closed = true;
          timer = undefined;
          onClose();
        },
        scheduleProbe,
      );
    }, probeIntervalMs);
    timer.unref();
  };

  const open = (error: unknown) => {
    if (!closed || disposed) return;
    closed = false;
    onOpen(error);
    scheduleProbe();
  };

  return {
    async call(work, fallback) {
      if (!closed) return fallback();
      try {
        return await work();
      } catch (error) {
        open(error);
        return fallback();
      }
    },
    open,
    get closed() {
      return closed;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
