import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './util';

/**
 * What `npm install cdk-hardened-demo-service` (and every jsii package built from the npm
 * tarball) receives: the compiled library, its jsii assembly, the sample app it stages, the
 * docs and the fixture its documented examples compile with. Nothing a developer happens to have
 * in the working tree (a tool venv, the example's cloud assembly) may ride along.
 *
 * The package is listed with `npm pack --dry-run`, which lists what exists. lib/ and .jsii
 * exist once compiled, and `npx projen test` runs before `compile` (in CI too): without them,
 * the list is taken from a copy of the tracked files with a stand-in build (a compiled file per
 * source file, and a .jsii), so the packaging rules (package.json `files`, .npmignore) are what
 * is tested. Once compiled, the real working tree is packed.
 */
const ROOT = path.join(__dirname, '..');
const COMPILED = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));

/** The library's TypeScript sources, relative to src/ (what lib/ holds compiled). */
function sourceModules(): string[] {
  return (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(path.sep).join('/').replace(/\.ts$/, ''))
    .sort();
}

/** The files of the source tree: the tracked ones in a git checkout, else all but dependencies and build output. */
function sourceFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\0').filter(Boolean);
  } catch {
    const skip = /^(node_modules|\.git|lib|dist|coverage|cdk\.out|test-reports)(\/|$)|^\.jsii$/;
    return (fs.readdirSync(ROOT, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => !skip.test(f));
  }
}

/** A copy of the source tree with a stand-in for what `compile` writes. */
function stagedPackageRoot(): string {
  const stage = tempDir('package-contents-');
  for (const file of sourceFiles()) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) {
      continue;
    }
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    fs.copyFileSync(from, path.join(stage, file));
  }
  for (const module of sourceModules()) {
    fs.mkdirSync(path.dirname(path.join(stage, 'lib', module)), { recursive: true });
    fs.writeFileSync(path.join(stage, 'lib', `${module}.js`), '"use strict";\n');
    fs.writeFileSync(path.join(stage, 'lib', `${module}.d.ts`), 'export {};\n');
  }
  fs.writeFileSync(path.join(stage, '.jsii'), '{}\n');
  return stage;
}

describe(`the npm package (${COMPILED ? 'the compiled working tree' : 'packaging rules, on a stand-in build: lib/ is not compiled here'})`, () => {
  let files: string[];
  let packageJson: { main: string; types: string };

  beforeAll(() => {
    const root = COMPILED ? ROOT : stagedPackageRoot();
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    files = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  });

  test('ships the entry points package.json names, and the jsii assembly', () => {
    expect(packageJson.main).toBe('lib/index.js');
    expect(packageJson.types).toBe('lib/index.d.ts');
    expect(files).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', '.jsii', 'package.json']));
  });

  test('ships every module of the library compiled, with its type declarations', () => {
    const modules = sourceModules();
    expect(modules).toContain('index');
    expect(modules).toContain('internal/profile');
    const missing = modules.flatMap((m) => [`lib/${m}.js`, `lib/${m}.d.ts`]).filter((f) => !files.includes(f));
    expect(missing).toEqual([]);
  });

  test('ships the docs: README, API reference and license', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'API.md', 'LICENSE']));
  });

  test('holds only lib/, .jsii, the sample app, the docs and the examples fixture', () => {
    const allowed = ['.jsii', '.jsii.tabl.json', 'API.md', 'LICENSE', 'README.md', 'assets', 'lib', 'package.json', 'rosetta'];
    const topLevel = [...new Set(files.map((f) => f.split('/')[0]))];
    expect(topLevel.filter((entry) => !allowed.includes(entry))).toEqual([]);
  });

  test('ships the sample app the construct stages when no image is given', () => {
    expect(files).toEqual(expect.arrayContaining(['assets/sample-app/Dockerfile', 'assets/sample-app/server.js', 'assets/sample-app/.dockerignore']));
  });

  test('ships the jsii-rosetta fixture its examples compile with, not the README generator', () => {
    expect(files.filter((f) => f.startsWith('rosetta/'))).toEqual(['rosetta/default.ts-fixture']);
  });

  test('ships no TypeScript sources and no tests', () => {
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^(src|test)\//.test(f))).toEqual([]);
  });
});
