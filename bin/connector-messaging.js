#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the CLI bundled in dist/, which `npm install` builds (and `npm start` rebuilds when src/ changed).
// The flag above (V8's young generation capped at 4 MiB semi-spaces instead of 16) keeps what the start's allocations
// grow from staying resident: 25 MiB less when idle, 40 MiB less under load, at the same CPU per request
// (bench/RESULTS.md, "startup"). V8 reads it only on node's command line or in NODE_OPTIONS, never from a running
// process: `npm start` and the README's process manager command pass it too.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('connector-messaging is not built yet: run `npm run build` (npm install does it too).\n');
  process.exit(1);
}
await import(main.href);
