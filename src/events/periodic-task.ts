export interface PeriodicTask {
  /** No run starts after this; resolves once the run in progress, if any, has ended. */
  stop(): Promise<void>;
}

export interface PeriodicTaskOptions {
  /** Between the end of one run and the start of the next. */
  readonly everyMs: number;
  /** Called with what a run threw; the next run comes as usual. */
  readonly onError: (error: unknown) => void;
}

/**
 * Runs `run` now, then `everyMs` after each run ends, until stopped; resolves once the first run has ended, so that
 * what starts it knows that work done (a process's start prunes before it reports started). `run` is told whether the
 * task is stopping, so that work done in batches can end early.
 *
 * @example
 *   const pruning = await startPeriodicTask(() => store.pruneActivity(nowUtc() - DAY_S), { everyMs: 600_000, onError: log.warn });
 *   await pruning.stop();
 */
export async function startPeriodicTask(
  run: (stopping: () => boolean) => Promise<void>,
  options: PeriodicTaskOptions,
): Promise<PeriodicTask> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  function tick(): void {
    running = run(() => stopped)
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.everyMs);
      });
  }
  tick();
  await running;

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
