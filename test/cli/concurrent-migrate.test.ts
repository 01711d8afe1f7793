import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { temporaryFolder, testBackend } from '../helpers/server.ts';

// Processes that start together on a fresh SQLite file (WORKERS, or several servers and the CLI) each migrate it:
// they must take turns, not race to create the same tables. PostgreSQL's advisory lock is covered by the scale tests.
describe.runIf(testBackend === 'sqlite')('migrating one SQLite file from several processes at once', () => {
  it('succeeds in every process, and leaves the schema whole', async () => {
    for (let round = 0; round < 3; round++) {
      const folder = temporaryFolder();
      try {
        const env = { DATABASE_URL: `sqlite:${join(folder, 'db.sqlite')}`, MODE: 'production' };
        const results = await Promise.all([1, 2, 3, 4].map(() => runCli(['migrate'], env)));
        for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
        const listed = await runCli(['admin', 'enterprises', 'list', '--json'], env);
        expect(listed.code, listed.stderr).toBe(0);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  });
});
