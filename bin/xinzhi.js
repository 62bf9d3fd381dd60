#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (or `npm start`) produces dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('xinzhi is not built yet: run `npm run build` in the xinzhi folder first.\n');
  process.exit(1);
}
const { main: run } = await import(main);
await run(process.argv);
