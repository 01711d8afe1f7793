#!/usr/bin/env node
// Runs the compiled CLI from dist/, which `npm install` builds (and `npm start` rebuilds when src/ changed).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('connector-messaging is not built yet: run `npm run build` (npm install does it too).\n');
  process.exit(1);
}
await import(main.href);
