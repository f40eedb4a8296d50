/**
 * The library's own import time, beyond aws-cdk-lib: `node bench/import-time.js`.
 *
 * Requires every external module the compiled library (lib/) requires first (aws-cdk-lib
 * submodules, constructs, Node built-ins), then times `require('lib/index.js')` alone and
 * prints one JSON line: what that second require costs is the library's own doing.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const lib = path.resolve(__dirname, '..', 'lib');
const external = new Set();
for (const file of fs.readdirSync(lib, { recursive: true })) {
  if (file.endsWith('.js')) {
    for (const m of fs.readFileSync(path.join(lib, file), 'utf8').matchAll(/require\("([^."][^"]*)"\)/g)) {
      external.add(m[1]);
    }
  }
}
const t0 = performance.now();
external.forEach((id) => require(id));
const t1 = performance.now();
require(lib);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ depsMs: t1 - t0, libMs: t2 - t1 }) + '\n');
