import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The arguments for `node` that start a checkout's CLI as its installed command does: node's own flags from the first
 * line of `bin/connector-messaging.js` (`#!/usr/bin/env -S node --flag …`, none for `#!/usr/bin/env node`), then the
 * file, then `args`. So each commit runs with the flags it ships, `node` itself spawned and listening.
 */
export function serverCommand(root: string, ...args: string[]): string[] {
  const bin = join(root, 'bin/connector-messaging.js');
  const shebang = readFileSync(bin, 'utf8').split('\n', 1)[0]!;
  const flags = shebang.replace(/^#!\S*env\s+(-S\s+)?node\b/, '').trim();
  return [...(flags ? flags.split(/\s+/) : []), bin, ...args];
}
