#!/usr/bin/env node
// Builds dist/, which is what the server runs: esbuild bundles src/'s TypeScript and the dependencies it imports into
// a few files at the root of dist/ (`cli.js`, what bin/ runs, and `embedded.js`, the package's `./embedded` export,
// with the chunks they share and load on demand), then copies every file of src/ that is not TypeScript (the web apps'
// static files, the WAL checkpointer's worker) to the same place in dist/, where src/package-files.ts finds them.
// Anything else in dist/ is removed. Run by `npm install` (`prepare`) and `npm run build`. Types are checked by
// `npm run typecheck` (and `npm test`), not here.
//
// Why a bundle: resolving and loading some 1,500 module files was most of a start; one bundle halves the time to a
// healthy `/health` (bench/RESULTS.md, "startup").
//
// `--if-stale`: only when dist/ does not match src/ any more (a digest of the sources and the build's settings, kept
// in dist/, differs, or an output is missing), so that `npm start` and a test run start at once when nothing changed.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-digest');
/** The bundles, by the name of their file in dist/. */
const ENTRIES = { cli: 'src/cli/main.ts', embedded: 'src/embedded.ts' };
/**
 * Left out of the bundles, loaded from node_modules: a native addon, a package that serves the files of its own
 * folder (Swagger UI's assets), and pg's optional native binding, which is never installed.
 */
const EXTERNAL = ['better-sqlite3', '@fastify/swagger-ui', 'pg-native'];
/** What decides the output besides src/: the bundler's version, the lock file (the bundled dependencies), this script. */
const SETTINGS = ['scripts/build.js', 'package-lock.json', 'node_modules/esbuild/package.json'];

/** Every file under `folder`, as paths relative to it, in a stable order. */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const isTypeScript = (file) => file.endsWith('.ts');

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

const sources = filesUnder(SRC);
const copied = sources.filter((source) => !isTypeScript(source));
const current = digest(sources);
const complete = () => [...Object.keys(ENTRIES).map((name) => `${name}.js`), ...copied].every((file) => existsSync(join(DIST, file)));

if (process.argv.includes('--if-stale') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === current && complete()) {
  process.exit(0);
}

process.stderr.write('Building dist/ from src/ …\n');
const { build } = await import('esbuild');
let result;
try {
  result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    // Chunks beside the entries, so that every output's `import.meta.url` is at the root of dist/.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Plugins and errors are told apart by their functions' names (avvio, fastify-plugin): keep them.
    keepNames: true,
    // V8 keeps every loaded script's source in the heap: without the whitespace, 1.5 MiB less resident memory. Stack
    // traces point into the bundle; `NODE_OPTIONS=--enable-source-maps` maps them back to src/ through the .map files.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // The CommonJS dependencies call `require` for node's own modules, which an ES module does not have.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
} catch {
  // esbuild printed the errors.
  process.exit(1);
}
const written = new Set(Object.keys(result.metafile.outputs).map((file) => relative(DIST, join(ROOT, file))));
for (const file of copied) {
  mkdirSync(dirname(join(DIST, file)), { recursive: true });
  copyFileSync(join(SRC, file), join(DIST, file));
  written.add(file);
}
for (const file of filesUnder(DIST)) {
  if (!written.has(file) && join(DIST, file) !== STAMP) rmSync(join(DIST, file));
}
// Folders left empty by that, deepest first.
const folders = readdirSync(DIST, { recursive: true, withFileTypes: true }).filter((entry) => entry.isDirectory());
for (const folder of folders.map((entry) => join(entry.parentPath, entry.name)).sort((a, b) => b.length - a.length)) {
  if (readdirSync(folder).length === 0) rmdirSync(folder);
}
writeFileSync(STAMP, current);
