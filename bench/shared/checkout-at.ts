import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

/** The root of this checkout: what a benchmark measures unless told to measure another commit. */
export const CHECKOUT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Checkout {
  /** Where its files are. */
  readonly root: string;
  /** How results name it: the commit's short hash, `+changes` for a working tree that differs from it. */
  readonly label: string;
}

const git = (args: string[], cwd = CHECKOUT_ROOT) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** This checkout, as it is on disk (uncommitted changes included). */
export function currentCheckout(): Checkout {
  const changed = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return { root: CHECKOUT_ROOT, label: `${git(['rev-parse', '--short', 'HEAD'])}${changed ? '+changes' : ''}` };
}

/**
 * Another commit's files, to run its server beside this checkout's in the same run: a `git worktree` in a temporary
 * folder, with this checkout's node_modules linked in (the commit's own `prepare` script, if it has one, is run, as
 * `npm install` would). Removed, worktree and folder, when the run ends.
 */
export function checkoutAt(revision: string): Checkout {
  const commit = git(['rev-parse', '--verify', `${revision}^{commit}`]);
  const label = git(['rev-parse', '--short', commit]);
  const root = join(mkdtempSync(join(tmpdir(), `bench-at-${label}-`)), 'checkout');
  git(['worktree', 'add', '--detach', '--quiet', root, commit]);
  onCleanup(`the worktree at ${label}`, () => {
    git(['worktree', 'remove', '--force', root]);
    rmSync(join(root, '..'), { recursive: true, force: true });
  });
  symlinkSync(join(CHECKOUT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const lock = (at: string) => (existsSync(join(at, 'package-lock.json')) ? readFileSync(join(at, 'package-lock.json'), 'utf8') : '');
  if (lock(root) !== lock(CHECKOUT_ROOT)) {
    console.error(`note: ${label}'s package-lock.json differs from this checkout's; it runs with this checkout's node_modules`);
  }
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (scripts?.prepare) execFileSync('npm', ['run', 'prepare'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return { root, label };
}
