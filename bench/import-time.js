/**
 * The library's own import time, beyond aws-cdk-lib: `node bench/import-time.js`.
 *
 * Requires every external module the compiled library (lib/) requires (aws-cdk-lib
 * submodules, constructs, Node built-ins) first, then times `require('lib/index.js')` alone,
 * and prints one JSON line. What the second require costs is the library's own doing:
 * its modules and their top-level code, including anything of aws-cdk-lib that top-level
 * code pulls in lazily (those files are counted separately).
 */
'use strict';
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const path = require('node:path');

const breakdown = process.argv.includes('--breakdown');
// --touch-deps: also read every export of those modules first, which loads the files that
// aws-cdk-lib otherwise loads lazily on first use. What is left is the library's own code.
const touchDeps = process.argv.includes('--touch-deps');
const root = process.env.BENCH_ROOT || path.resolve(__dirname, '..');
const libDir = path.join(root, 'lib');

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : [];
  });
}
const external = new Set();
for (const file of jsFiles(libDir)) {
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
    if (!m[1].startsWith('.')) {
      external.add(m[1]);
    }
  }
}
const preloaded = [...external].sort();

const t0 = performance.now();
for (const id of preloaded) {
  const mod = require(id);
  if (touchDeps && mod && typeof mod === 'object') {
    for (const key of Object.keys(mod)) {
      // Not the namespaces of the root module (aws_ec2, aws_s3, ...): they would load all of aws-cdk-lib.
      if (!(id === 'aws-cdk-lib' && /^[a-z][a-z0-9]*_/.test(key))) {
        void mod[key];
      }
    }
  }
}
const t1 = performance.now();
const before = new Set(Object.keys(require.cache));
// --breakdown: the self time of each module the library's require loads, and for each file
// of the library, the time of the files outside lib/ that it loads itself (aws-cdk-lib files
// that top-level code pulls in). A diagnostic run: the hook itself costs a little, so the
// headline number comes from runs without it.
const selfMs = new Map();
const triggered = new Map();
let restore;
if (breakdown) {
  const Module = require('node:module');
  const originalLoad = Module._load;
  const stack = [];
  const inLib = (f) => f.startsWith(libDir + path.sep);
  Module._load = function (request, parent, isMain) {
    let filename = request;
    try {
      filename = Module._resolveFilename(request, parent, isMain);
    } catch {
      // let the real loader report it
    }
    const fresh = !require.cache[filename];
    const start = performance.now();
    const frame = { filename, children: 0 };
    const parentFrame = stack[stack.length - 1];
    stack.push(frame);
    try {
      return originalLoad.apply(this, arguments);
    } finally {
      stack.pop();
      const total = performance.now() - start;
      if (parentFrame) {
        parentFrame.children += total;
      }
      if (fresh) {
        selfMs.set(filename, (selfMs.get(filename) || 0) + total - frame.children);
        if (parentFrame && inLib(parentFrame.filename) && !inLib(filename)) {
          const key = path.relative(root, parentFrame.filename);
          const t = triggered.get(key) || { ms: 0, files: [] };
          t.ms += total;
          t.files.push(path.relative(root, filename));
          triggered.set(key, t);
        }
      }
    }
  };
  restore = () => {
    Module._load = originalLoad;
  };
}
const tLib = performance.now();
require(path.join(libDir, 'index.js'));
const t2 = performance.now();
if (restore) {
  restore();
}
const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
const libFiles = loaded.filter((k) => k.startsWith(libDir + path.sep));

process.stdout.write(
  JSON.stringify({
    mode: touchDeps ? 'touch-deps' : 'require-deps',
    depsMs: t1 - t0,
    libMs: t2 - tLib,
    preloaded,
    libFilesLoaded: libFiles.length,
    selfMsByFile: breakdown
      ? Object.fromEntries([...selfMs.entries()].sort((a, b) => b[1] - a[1]).map(([f, ms]) => [path.relative(root, f), Math.round(ms * 100) / 100]))
      : undefined,
    dependencyLoadsByLibFile: breakdown
      ? Object.fromEntries([...triggered.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([f, t]) => [f, { ms: Math.round(t.ms * 100) / 100, files: t.files }]))
      : undefined,
    otherFilesLoaded: loaded.filter((k) => !libFiles.includes(k)).map((k) => path.relative(root, k)),
  }) + '\n',
);
