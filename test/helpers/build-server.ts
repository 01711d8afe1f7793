import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest's global setup: brings dist/ up to date with src/ once per run, before any test file, so that the tests that
 * start `connector-messaging` as its own process run the compiled server as users do, never a stale one.
 */
export function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.js', import.meta.url)), '--if-stale'], {
    stdio: 'inherit',
  });
}
