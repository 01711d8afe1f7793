/**
 * What a benchmark must undo however it ends: processes it started, databases, folders, git worktrees. Each step is
 * registered as it is made and runs once, newest first, at the end of the run, on an error, or on Ctrl-C / SIGTERM
 * (then the run exits 130).
 */
const steps: { name: string; run: () => Promise<void> | void }[] = [];
let running: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void> | void): void {
  steps.push({ name, run });
}

export function cleanUp(): Promise<void> {
  running ??= (async () => {
    for (const step of steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cleaning up ${step.name}: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping what the run started`);
    void cleanUp().then(() => process.exit(130));
  });
}
