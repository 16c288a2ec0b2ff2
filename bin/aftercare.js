#!/usr/bin/env node
// The `aftercare` command line; the compiled server holds the implementation.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`Aftercare needs Node.js 22 or newer; this is ${process.version}.\n`);
  process.exit(1);
}

const entry = fileURLToPath(new URL('../server/dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('Aftercare is not built yet: run `npm run build` in the repository first.\n');
  process.exit(1);
}
await import(entry);
