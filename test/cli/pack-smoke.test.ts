import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/pack-smoke.sh', import.meta.url));

// Packs, installs into empty folders and runs both packages: slow (npm installs), hence the generous timeout.
describe('the packages as npm installs them', { timeout: 900_000 }, () => {
  it('runs the installed server, the installed client\'s quick-start example against it, and the installed harness', async () => {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toContain('Application: Hello, is breakfast included?');
    expect(stdout).toContain('harness: Harness, Installed, general webhook');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('pack-smoke: the three packages install and run');
  });
});
