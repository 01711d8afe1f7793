/** How often `eventually` reads again. */
const POLL_INTERVAL_MS = 20;

/**
 * Reads until `done` holds for what `read` returns (by default: until it is truthy), and returns that value: for what
 * happens in the background (a dispatcher, another process, a lock being waited for). Fails with the last value read
 * once `timeoutMs` has passed, rather than leaving the test to its own timeout.
 *
 * @example
 *   const status = await eventually(() => statusOf(deliveryId), (status) => status === 'Succeeded');
 *   await eventually(() => server.output().includes('closing'));
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean = Boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
