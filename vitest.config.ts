import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As the `paths` of tsconfig.json: the examples import the packages by their names, from source.
  resolve: {
    alias: {
      '@connector-messaging/client': new URL('./packages/client/src/index.ts', import.meta.url).pathname,
      '@connector-messaging/testing': new URL('./packages/testing/src/index.ts', import.meta.url).pathname,
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*.test.ts'],
    // The tests that spawn the server run it compiled: dist/ is rebuilt first when src/ changed.
    globalSetup: ['test/helpers/build-server.ts'],
    // Each file starts its own servers on free ports and fresh databases, so files run in parallel safely.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A poll waits for what a page or a server does in its own time; on a loaded 2-core machine (both suites share it
    // with a browser and the servers) one second, the default, is sometimes not enough. It bounds a wait, it is no timing.
    expect: { poll: { timeout: 10_000 } },
  },
});
