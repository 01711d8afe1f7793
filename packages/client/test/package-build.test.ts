import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageFolder = fileURLToPath(new URL('..', import.meta.url));

describe('the built package', () => {
  // Compiling takes a while on a busy machine: a generous limit, not a timing assertion.
  it('builds to ESM with type declarations that plain Node imports', { timeout: 120_000 }, async () => {
    await run(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: packageFolder,
    });
    expect(existsSync(new URL('../dist/index.d.ts', import.meta.url))).toBe(true);
    // A separate Node process, without any TypeScript loader: what an integrator's application runs.
    const script = `
      const client = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const instance = new client.ConnectorClient({ platformAddress: 'http://127.0.0.1:9', clientToken: 'c', accessToken: 'a', client: 'c' });
      console.log(JSON.stringify({ exports: Object.keys(client).sort(), resources: Object.keys(instance) }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: packageFolder });
    const { exports, resources } = JSON.parse(stdout);
    expect(exports).toEqual(expect.arrayContaining(['ConnectorClient', 'RateLimitError', 'ValidationError', 'webhooks']));
    expect(resources).toEqual(['messageThreads', 'messages']);
  });
});
