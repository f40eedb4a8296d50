import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * What `npm install cdk-hardened-demo-service` (and every jsii package built from the npm
 * tarball) receives: the compiled library, its jsii assembly, the sample app it stages, the
 * docs and the fixture its documented examples compile with. Nothing a developer happens to have in the working tree (a tool venv, the example's
 * cloud assembly) may ride along.
 */
describe('the npm package', () => {
  const root = path.join(__dirname, '..');
  let files: string[];

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    files = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  });

  // lib/ and .jsii exist once compiled (`npx projen test` may run before `compile`), the
  // rosetta tablet (translated examples) once `npx projen rosetta` ran.
  test('holds only lib/, .jsii, the sample app, the docs and the examples fixture', () => {
    const allowed = ['.jsii', '.jsii.tabl.json', 'API.md', 'LICENSE', 'README.md', 'assets', 'lib', 'package.json', 'rosetta'];
    const topLevel = [...new Set(files.map((f) => f.split('/')[0]))];
    expect(topLevel.filter((entry) => !allowed.includes(entry))).toEqual([]);
    expect(topLevel).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'assets']));
  });

  test('ships the sample app the construct stages when no image is given', () => {
    expect(files).toEqual(expect.arrayContaining(['assets/sample-app/Dockerfile', 'assets/sample-app/server.js']));
  });

  test('ships the jsii-rosetta fixture its examples compile with, not the README generator', () => {
    expect(files.filter((f) => f.startsWith('rosetta/'))).toEqual(['rosetta/default.ts-fixture']);
  });

  test('ships no TypeScript sources', () => {
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});
