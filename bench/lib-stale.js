/**
 * Is the compiled library (lib/) older than its sources (src/)?
 *
 * As a module: `libStaleReason(root)` returns why lib/ needs compiling, or undefined.
 * As a command (the `bench` task's condition for its compile step): exits 0 when lib/ is
 * stale (so the step runs), 1 when it is up to date.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function newestMtime(dir, suffix) {
  let newest = 0;
  let newestFile;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = newestMtime(full, suffix);
      if (sub.mtime > newest) {
        newest = sub.mtime;
        newestFile = sub.file;
      }
    } else if (e.name.endsWith(suffix)) {
      const m = fs.statSync(full).mtimeMs;
      if (m > newest) {
        newest = m;
        newestFile = full;
      }
    }
  }
  return { mtime: newest, file: newestFile };
}

function libStaleReason(root) {
  const index = path.join(root, 'lib', 'index.js');
  if (!fs.existsSync(index)) {
    return 'lib/index.js does not exist';
  }
  const built = fs.statSync(index).mtimeMs;
  const src = newestMtime(path.join(root, 'src'), '.ts');
  if (src.mtime > built) {
    return `${path.relative(root, src.file)} is newer than lib/index.js`;
  }
  return undefined;
}

module.exports = { libStaleReason };

if (require.main === module) {
  const reason = libStaleReason(path.resolve(__dirname, '..'));
  if (reason) {
    process.stdout.write(`lib/ is stale (${reason}): compiling first\n`);
  }
  process.exit(reason ? 0 : 1);
}
