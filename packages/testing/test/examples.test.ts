import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// examples/testing-harness.test.ts runs in this suite itself (vitest's include); this is the other test runner.
describe('examples/testing-harness-node.ts', () => {
  it('passes under node\'s own test runner', { timeout: 120_000 }, async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--test', 'examples/testing-harness-node.ts'], { cwd: root });
    expect(stdout).toMatch(/^# pass 1$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });
});

describe('examples/testing-harness.test.ts', () => {
  it('is the README\'s example, verbatim', () => {
    const example = readFileSync(new URL('examples/testing-harness.test.ts', `file://${root}`), 'utf8');
    expect(readFileSync(new URL('README.md', `file://${root}`), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
