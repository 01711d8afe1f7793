#!/usr/bin/env node
// Compiles src/ into dist/, which is what the server runs: `tsc -p tsconfig.build.json` (incremental), then every file
// of src/ that is not TypeScript (the inbox's static files, the WAL checkpointer's worker) copied to the same place in
// dist/, and anything in dist/ whose source is gone removed. Run by `npm install` (`prepare`) and `npm run build`.
//
// `--if-stale`: only when dist/ does not match src/ any more (a digest of the sources and the build's settings, kept
// in dist/, differs, or an output is missing), so that `npm start` and a test run start at once when nothing changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-digest');
const BUILD_INFO = join(DIST, '.tsbuildinfo');
/** What decides the output besides src/: the compiler's settings, its version, and this script. */
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js', 'node_modules/typescript/package.json'];

/** Every file under `folder`, as paths relative to it, in a stable order. */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const isTypeScript = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
/** The file of dist/ that `file` of src/ becomes. */
const outputOf = (file) => (isTypeScript(file) ? file.replace(/\.ts$/, '.js') : file);

/** A digest of the sources' paths and contents and of the settings: it changes whenever the output would. */
function digest(sources) {
  const hash = createHash('sha256');
  for (const file of [...sources.map((source) => join('src', source)), ...SETTINGS]) {
    hash.update(`${file}\0`);
    hash.update(existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file)) : '');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function compile() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
}

const sources = filesUnder(SRC);
const expected = new Set(sources.map(outputOf));
const current = digest(sources);
const complete = () => [...expected].every((file) => existsSync(join(DIST, file)));

if (process.argv.includes('--if-stale') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === current && complete()) {
  process.exit(0);
}

process.stderr.write('Compiling src/ into dist/ …\n');
try {
  compile();
  // The incremental build only writes what changed since its last run: outputs removed behind its back stay missing.
  if (!complete()) {
    rmSync(BUILD_INFO, { force: true });
    compile();
  }
} catch {
  // tsc printed the errors.
  process.exit(1);
}
for (const file of sources.filter((source) => !isTypeScript(source))) {
  mkdirSync(dirname(join(DIST, file)), { recursive: true });
  copyFileSync(join(SRC, file), join(DIST, file));
}
for (const file of filesUnder(DIST)) {
  if (!expected.has(file) && join(DIST, file) !== STAMP && join(DIST, file) !== BUILD_INFO) rmSync(join(DIST, file));
}
// Folders left empty by that, deepest first.
const folders = readdirSync(DIST, { recursive: true, withFileTypes: true }).filter((entry) => entry.isDirectory());
for (const folder of folders.map((entry) => join(entry.parentPath, entry.name)).sort((a, b) => b.length - a.length)) {
  if (readdirSync(folder).length === 0) rmdirSync(folder);
}
writeFileSync(STAMP, current);
