import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { postJson, temporaryFolder } from '../helpers/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/spawned-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

// What a fresh clone gets: the files git tracks (as they are in this working tree), no dist/; node_modules linked
// from this checkout instead of installed. Then what `npm install` runs after installing, its `prepare` script.
describe('the compiled server from a fresh clone', { timeout: 240_000 }, () => {
  let folder: string;
  let clone: string;
  beforeAll(async () => {
    folder = temporaryFolder();
    clone = join(folder, 'clone');
    const { stdout } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    for (const file of stdout.split('\0').filter((path) => path && existsSync(join(ROOT, path)))) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    await run('npm', ['run', '--silent', 'prepare'], { cwd: clone });
  }, 240_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('serves /health, the Connector API and the inbox from dist/ alone, the WAL checkpointer included', async () => {
    // Without the sources, what runs can only be the build, and every file it needs must have been copied into it.
    rmSync(join(clone, 'src'), { recursive: true });
    let server: SpawnedServer | undefined;
    try {
      // A file database, which the checkpointer's worker thread works on.
      server = await spawnServer({ DATABASE_URL: `sqlite:${join(folder, 'connector.sqlite')}` }, join(clone, 'bin/connector-messaging.js'));
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const added = await postJson(server.url, '/api/connector/v1/messageThreads/add', {
        ...demo.a,
        OriginalSender: 'Guest',
        Subject: 'From the build',
      });
      expect(added.status).toBe(200);
      expect(added.body.MessageThreads).toEqual([expect.objectContaining({ OriginalSender: 'Guest', Subject: 'From the build' })]);
      const inbox = await fetch(`${server.url}/inbox`);
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).toContain('<script type="module"');
      expect(await server.stop()).toBe(0);
      expect(server.logLines().filter((line) => line.level >= 40)).toEqual([]);
    } finally {
      await server?.dispose();
    }
  });

  it('answers --version with the package\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [join(clone, 'bin/connector-messaging.js'), '--version'], { cwd: clone });
    expect(stdout).toBe(`${version}\n`);
  });
});
