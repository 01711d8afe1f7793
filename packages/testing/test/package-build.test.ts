import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageFolder = fileURLToPath(new URL('..', import.meta.url));

describe('the built package in the workspace', () => {
  // Its build reads the client's declarations, which `npm test` builds first (packages/client/dist).
  it('builds, and plain Node imports it by name and runs a sandbox', { timeout: 120_000 }, async () => {
    await run(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: packageFolder,
    });
    // A separate Node process, without any TypeScript loader, resolving the package, the client and the server as
    // `npm install` linked them: what a test of the workspace's own users runs.
    const script = `
      const { startSandbox } = await import('@connector-messaging/testing');
      const sandbox = await startSandbox({ enterpriseCount: 1 });
      const { MessageThreads } = await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Guest', Subject: 'Built' });
      await sandbox.stop();
      console.log(MessageThreads[0].Subject);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: packageFolder });
    expect(stdout).toBe('Built\n');
  });
});
